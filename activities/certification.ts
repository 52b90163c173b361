import type { Repositories } from '../db';
import type { CertificationApplied, InsuredPersonRecord } from '../db/persons';
import type { CertificationRules } from '../domain/certification/rules';
import type { CareLevel, IsoDate } from '../domain/certification/types';
import { addDays } from '../domain/dates';
import { issueLetter, type NoticeRequest } from './notices';

/** A certification near its expiry with no renewal filed: what the 更新勧奨 batch starts a renewal watch for. */
export interface RenewalDue {
  insurerNo: string;
  applicationNo: string;
  insuredNo: string;
  careLevel: CareLevel;
  validTo: IsoDate;
  /** 居宅介護支援事業所 on the 被保険者証 (field H), if any */
  officeNo: string | null;
  daysBeforeExpiry: number;
}

/** Activities of the 要介護認定 workflow. All writes are idempotent (keyed by workflow ID). */
export function createCertificationActivities({ repos }: { repos: Repositories }) {
  /** Numbers, renders and stores a notice to the person under `${workflowId}:${key}` (the first rendering wins). */
  const issueNotice = (input: NoticeRequest & { insurerNo: string; insuredNo: string }): Promise<string> =>
    issueLetter(repos, input, { insurerNo: input.insurerNo, insuredNo: input.insuredNo });
  return {
    /** Snapshots the rules in force on the application date (a later rule change applies to new cases only). */
    async loadRules(insurerNo: string, onDate: IsoDate): Promise<CertificationRules> {
      return repos.rules.certificationRulesOn(insurerNo, onDate);
    },

    /**
     * The person's certification (for 更新 / 区分変更) and 担当事業所: the one in force on `onDate` (the application
     * date) when given, so a next certification decided early is not taken for today's.
     */
    async loadInsuredPerson(
      insurerNo: string,
      insuredNo: string,
      onDate?: IsoDate,
    ): Promise<InsuredPersonRecord | null> {
      return repos.persons.findInsuredPerson(insurerNo, insuredNo, onDate);
    },

    /** 次期認定の開始: the next certifications that have begun by `today` become current. Idempotent. */
    async promoteStartedCertifications(insurerNo: string, today: IsoDate): Promise<number> {
      return repos.persons.promoteStartedCertifications(insurerNo, today);
    },

    /**
     * 更新勧奨の対象: the certifications (decided in kaigo-flow) that expire within the reminder period in force today,
     * with no renewal filed; at most `limit`, soonest expiry first. Read only, so a retry is harmless.
     */
    async findRenewalsDue(insurerNo: string, today: IsoDate, limit: number): Promise<RenewalDue[]> {
      const rules = await repos.rules.certificationRulesOn(insurerNo, today);
      const days = rules.renewalReminderDaysBeforeExpiry;
      const rows = await repos.renewals.renewalsDue(insurerNo, today, addDays(today, days), limit);
      return rows.map((r) => ({
        insurerNo,
        applicationNo: r.application_no,
        insuredNo: r.insured_no,
        careLevel: r.care_level as CareLevel,
        validTo: r.cert_valid_to,
        officeNo: r.plan_office_no ?? r.filed_by_office_no ?? null,
        daysBeforeExpiry: days,
      }));
    },

    /** Records the 情報基盤 sharing consent taken at intake, once per case (one row per workflow ID). */
    async recordIntakeConsent(input: {
      workflowId: string;
      insuredNo: string;
      consent: {
        granted: boolean;
        date: IsoDate;
        obtainedBy: 'municipality' | 'office_proxy';
        officeNo?: string | null;
      };
    }): Promise<void> {
      await repos.persons.recordIntakeConsent(input);
    },

    /** Writes the decided certification onto the 被保険者証 fields (same values twice = same row). */
    async applyCertificationToInsuredPerson(input: CertificationApplied): Promise<void> {
      await repos.persons.applyCertification(input);
    },

    /**
     * Renders a certification notice with the person's and the insurer's details loaded here (so names never enter
     * workflow code) and stores it under `${workflowId}:${key}`; the first rendering wins (a retry renders again, and
     * the store ignores it).
     */
    async issueCertificationNotice(input: NoticeRequest & { insurerNo: string; insuredNo: string }): Promise<string> {
      return issueNotice(input);
    },

    /**
     * 更新勧奨通知: the letter to the person whose certification is about to expire (templates/notices/renewal-reminder),
     * stored once under `${workflowId}:renewal-reminder`. Nothing for a person whose status has ended (死亡・転出・
     * 適用除外), who is no longer in the register, or whose certification was cancelled (認定取消) after the watch
     * started: returns null then.
     */
    async issueRenewalReminderLetter(input: {
      workflowId: string;
      insurerNo: string;
      insuredNo: string;
      careLevel: CareLevel;
      validTo: IsoDate;
      issuedOn: IsoDate;
      issuedAt: string;
    }): Promise<string | null> {
      const person = await repos.persons.getPerson(input.insurerNo, input.insuredNo);
      if (!person || person.status !== 'active') return null;
      // a 認定取消 ends the certification this watch was started for: there is nothing left to renew
      if (person.cert_cancelled_on) return null;
      return issueNotice({
        workflowId: input.workflowId,
        insurerNo: input.insurerNo,
        insuredNo: input.insuredNo,
        key: 'renewal-reminder',
        kind: 'renewal_reminder',
        title: '要介護認定の更新申請のお知らせ（更新勧奨通知）',
        template: 'renewal-reminder',
        data: { careLevel: input.careLevel, validTo: input.validTo, issuedOn: input.issuedOn },
        issuedAt: input.issuedAt,
      });
    },
  };
}

export type CertificationActivities = ReturnType<typeof createCertificationActivities>;

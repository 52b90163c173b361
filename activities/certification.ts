import type { Knex } from 'knex';
import { storeNotice } from '../db/read-model';
import { renewalsDue } from '../db/queries';
import { certificationRulesOn } from '../db/rules';
import type { CertificationRules } from '../domain/certification/rules';
import type { CareLevel, IsoDate } from '../domain/certification/types';
import { addDays } from '../domain/dates';
import type { RenewalWatchInput } from '../workflows/renewal-watch/messages';
import { NoticeRequest, renderNoticeHtml } from './notices';

/** The insured person as the certification workflow needs it (no name: notices load that themselves). */
export interface InsuredPersonRecord {
  insuredNo: string;
  insurerNo: string;
  status: string;
  careLevel: CareLevel | null;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  planOfficeNo: string | null;
}

/** The person's record, or null when the 被保険者番号 is unknown to this insurer. */
export async function findInsuredPerson(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
): Promise<InsuredPersonRecord | null> {
  const p = await db('insured_persons').where({ insured_no: insuredNo, insurer_no: insurerNo }).first();
  if (!p) return null;
  return {
    insuredNo: p.insured_no,
    insurerNo: p.insurer_no,
    status: p.status,
    careLevel: p.care_level ?? null,
    validFrom: p.cert_valid_from ?? null,
    validTo: p.cert_valid_to ?? null,
    planOfficeNo: p.plan_office_no ?? null,
  };
}

/** The person a notice goes to and the insurer it comes from, in one query (either null when unknown). */
async function noticeAddressee(db: Knex, insurerNo: string, insuredNo: string) {
  const row = await db('insurers')
    .leftJoin('insured_persons', 'insured_persons.insured_no', db.raw('?', [insuredNo]))
    .where('insurers.insurer_no', insurerNo)
    .first(
      'insurers.insurer_no',
      'insurers.name as insurer_name',
      'insurers.address as insurer_address',
      'insurers.phone',
      'insured_persons.insured_no',
      'insured_persons.name',
      'insured_persons.kana',
      'insured_persons.birth_date',
      'insured_persons.address',
    );
  return {
    person: row?.insured_no
      ? { insuredNo: row.insured_no, name: row.name, kana: row.kana, birthDate: row.birth_date, address: row.address }
      : null,
    insurer: row
      ? { insurerNo: row.insurer_no, name: row.insurer_name, address: row.insurer_address, phone: row.phone }
      : null,
  };
}

/** Activities of the 要介護認定 workflow. All writes are idempotent (keyed by workflow ID). */
export function createCertificationActivities({ db }: { db: Knex }) {
  return {
    /** Snapshots the rules in force on the application date (a later rule change applies to new cases only). */
    async loadRules(insurerNo: string, onDate: IsoDate): Promise<CertificationRules> {
      return certificationRulesOn(db, insurerNo, onDate);
    },

    /** The person's current certification (for 更新 / 区分変更) and 担当事業所. */
    async loadInsuredPerson(insurerNo: string, insuredNo: string): Promise<InsuredPersonRecord | null> {
      return findInsuredPerson(db, insurerNo, insuredNo);
    },

    /**
     * 更新勧奨の対象: the certifications (decided in kaigo-flow) that expire within the reminder period in force today,
     * with no renewal filed; at most `limit`, soonest expiry first. Read only, so a retry is harmless.
     */
    async findRenewalsDue(
      insurerNo: string,
      today: IsoDate,
      limit: number,
    ): Promise<Omit<RenewalWatchInput, 'timing'>[]> {
      const rules = await certificationRulesOn(db, insurerNo, today);
      const days = rules.renewalReminderDaysBeforeExpiry;
      const rows = await renewalsDue(db, insurerNo, today, addDays(today, days), limit);
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
      await db('consents')
        .insert({
          insured_no: input.insuredNo,
          granted: input.consent.granted,
          granted_on: input.consent.date,
          channel: input.consent.obtainedBy,
          obtained_by_office_no: input.consent.officeNo ?? null,
          source_workflow_id: input.workflowId,
        })
        .onConflict('source_workflow_id')
        .ignore();
    },

    /** Writes the decided certification onto the 被保険者証 fields (same values twice = same row). */
    async applyCertificationToInsuredPerson(input: {
      insuredNo: string;
      careLevel: CareLevel;
      validFrom: IsoDate;
      validTo: IsoDate;
      certifiedOn: IsoDate;
      boardOpinion: string | null;
      serviceTypeRestriction: string | null;
      updatedAt: string;
    }): Promise<void> {
      await db('insured_persons').where({ insured_no: input.insuredNo }).update({
        care_level: input.careLevel,
        cert_valid_from: input.validFrom,
        cert_valid_to: input.validTo,
        certified_on: input.certifiedOn,
        board_opinion: input.boardOpinion,
        service_type_restriction: input.serviceTypeRestriction,
        updated_at: input.updatedAt,
      });
    },

    /**
     * Renders a certification notice with the person's and the insurer's details loaded here (so names never enter
     * workflow code) and stores it under `${workflowId}:${key}`; the first rendering wins (a retry renders again, and
     * the store ignores it).
     */
    async issueCertificationNotice(input: NoticeRequest & { insurerNo: string; insuredNo: string }): Promise<string> {
      const id = `${input.workflowId}:${input.key}`;
      const addressee = await noticeAddressee(db, input.insurerNo, input.insuredNo);
      const html = renderNoticeHtml(input.template, {
        ...input.data,
        title: input.title,
        issuedAt: input.issuedAt,
        ...addressee,
      });
      await storeNotice(db, {
        id,
        workflowId: input.workflowId,
        kind: input.kind,
        title: input.title,
        html,
        createdAt: input.issuedAt,
      });
      return id;
    },
  };
}

export type CertificationActivities = ReturnType<typeof createCertificationActivities>;

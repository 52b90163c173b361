/** 被保険者台帳: one person's certificates and usage with their history, and the caseworker's entries and corrections. */
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import type { CertificateKind } from '../../domain/register/certificates';
import type { UsageKind } from '../../domain/register/usage';
import { cardInForce } from '../../domain/register/cards';
import { lossDateProblem, type LossReason } from '../../domain/register/status';
import { benefitRestrictionProblems, type BenefitRestrictionKind } from '../../domain/register/benefit-restriction';
import { liveRestrictions } from '../../db/register';
import { NotFoundError, ValidationError } from '../errors';
import { found } from '../views/common';

/** A certificate as the form gives it. */
export interface CertificateEntry {
  kind: CertificateKind;
  value: string;
  validFrom: IsoDate;
  validTo: IsoDate;
  reason: string;
}

/** A usage entry as the form gives it (entryNo absent for a new one). */
export interface UsageEntryInput {
  entryNo?: string;
  kind: UsageKind;
  usedOn: IsoDate;
  amountYen: number;
  careLevel: string | null;
  dwelling: string | null;
  description: string;
  voided: boolean;
  reason: string;
}

export class RegisterService {
  constructor(private readonly repos: Repositories) {}

  private async person(actor: Actor, insuredNo: string) {
    return found(await this.repos.persons.getPerson(actor.insurerNo, insuredNo), '被保険者が見つかりません');
  }

  /**
   * The person with every certificate and usage row (current and replaced), the settings in force today and the
   * yearly roll's open tasks for a missing certificate.
   */
  async page(actor: Actor, insuredNo: string, today: IsoDate) {
    const person = await this.person(actor, insuredNo);
    const { register } = this.repos;
    const [certificates, usages, settings, rollTasks, restrictions] = await Promise.all([
      register.certificatesOfPerson(actor.insurerNo, insuredNo),
      register.usagesOfPerson(actor.insurerNo, insuredNo),
      register.registerSettingsOn(actor.insurerNo, today),
      this.repos.registerRoll.rollTasksOfPerson(actor.insurerNo, insuredNo),
      register.benefitRestrictionsOfPerson(actor.insurerNo, insuredNo),
    ]);
    // 証の年次切替: the open tasks for a missing certificate of a new period (done by recording it on this page)
    const missing = rollTasks.filter((t) => t.status === 'open');
    return { person, certificates, usages, settings, missing, restrictions };
  }

  /** The current, not withdrawn 給付制限 row `id` of the person (NotFoundError otherwise). */
  async benefitRestriction(actor: Actor, insuredNo: string, id: number) {
    const rows = await this.repos.register.benefitRestrictionsOfPerson(actor.insurerNo, insuredNo);
    return found(
      rows.find((r) => r.id === id && r.superseded_by == null && !r.voided),
      '給付制限の記録が見つかりません',
    );
  }

  /**
   * 給付制限の記録・訂正・終了・取消 by the actor: ValidationError (Japanese, per field) for bad periods or an overlap
   * with another restriction of the same kind; NotFoundError for a row the person does not have. Returns whether
   * anything changed.
   */
  async recordBenefitRestriction(
    actor: Actor,
    insuredNo: string,
    entry: {
      replacesId?: number;
      kind: BenefitRestrictionKind;
      validFrom: IsoDate;
      validTo: IsoDate | null;
      voided: boolean;
      reason: string;
    },
    today: IsoDate,
  ): Promise<boolean> {
    const person = await this.person(actor, insuredNo);
    if (entry.replacesId !== undefined) await this.benefitRestriction(actor, insuredNo, entry.replacesId);
    if (!entry.voided) {
      const rows = await this.repos.register.benefitRestrictionsOfPerson(actor.insurerNo, insuredNo);
      const others = liveRestrictions(rows).filter((r) => r.id !== entry.replacesId);
      const problems = benefitRestrictionProblems(entry, others, person.birth_date);
      if (problems.length > 0) throw new ValidationError(problems);
    }
    const result = await this.repos.register.recordBenefitRestriction({
      insurerNo: actor.insurerNo,
      insuredNo,
      replacesId: entry.replacesId,
      kind: entry.kind,
      validFrom: entry.validFrom,
      validTo: entry.validTo,
      voided: entry.voided,
      reason: entry.reason,
      source: 'manual',
      recordedBy: actor.loginId,
      recordedAt: new Date().toISOString(),
      today,
    });
    if (result === 'not_found') throw new NotFoundError('給付制限の記録が見つかりません');
    return result === 'changed';
  }

  /** 証の記録・訂正 by the actor; false when the same value was already recorded (nothing changes). */
  async recordCertificate(actor: Actor, insuredNo: string, entry: CertificateEntry, today: IsoDate) {
    await this.person(actor, insuredNo);
    return this.repos.register.recordCertificate({
      ...entry,
      insurerNo: actor.insurerNo,
      insuredNo,
      source: 'manual',
      recordedBy: actor.loginId,
      recordedAt: new Date().toISOString(),
      today,
    });
  }

  /** 利用の記録・訂正・取消 by the actor; NotFoundError for an entry number the person does not have. */
  async recordUsage(actor: Actor, insuredNo: string, entry: UsageEntryInput) {
    await this.person(actor, insuredNo);
    if (entry.entryNo) await this.usageEntry(actor, insuredNo, entry.entryNo);
    return this.repos.register.recordUsage({
      ...entry,
      insurerNo: actor.insurerNo,
      insuredNo,
      source: 'manual',
      recordedBy: actor.loginId,
      recordedAt: new Date().toISOString(),
    });
  }

  /** The current row of one usage entry of the person (NotFoundError otherwise). */
  async usageEntry(actor: Actor, insuredNo: string, entryNo: string) {
    const rows = await this.repos.register.usagesOfPerson(actor.insurerNo, insuredNo);
    return found(
      rows.find((r) => r.entry_no === entryNo && r.superseded_by == null),
      '利用の記録が見つかりません',
    );
  }

  /**
   * 資格喪失 entered by the actor (死亡・転出・適用除外 and the date): ValidationError for a date in the future or
   * before birth; false when the same loss was already recorded.
   */
  async recordLoss(
    actor: Actor,
    insuredNo: string,
    entry: { reason: LossReason; lostOn: IsoDate; note: string },
    today: IsoDate,
  ): Promise<boolean> {
    const person = await this.person(actor, insuredNo);
    const problem = lossDateProblem(entry.lostOn, today, person.birth_date);
    if (problem) throw new ValidationError([{ field: 'lostOn', message: problem }]);
    return this.repos.register.recordPersonLoss({
      insurerNo: actor.insurerNo,
      insuredNo,
      reason: entry.reason,
      lostOn: entry.lostOn,
      note: entry.note,
      source: 'manual',
      recordedBy: actor.loginId,
      recordedAt: new Date().toISOString(),
    });
  }

  /** 住所・郵便番号の変更 (the address notices are mailed to); false when nothing changed. */
  async recordAddress(
    actor: Actor,
    insuredNo: string,
    entry: { postalCode: string | null; address: string; reason: string },
  ): Promise<boolean> {
    await this.person(actor, insuredNo);
    return this.repos.register.recordPersonAddress({
      insurerNo: actor.insurerNo,
      insuredNo,
      ...entry,
      recordedBy: actor.loginId,
      recordedAt: new Date().toISOString(),
    });
  }

  /** 被保険者証 / 資格者証: the person, the card in force, the plan office's name and the latest hand-in. */
  async card(actor: Actor, insuredNo: string) {
    const person = await this.person(actor, insuredNo);
    const surrender = await this.repos.register.latestCardSurrender(actor.insurerNo, insuredNo);
    const office = person.plan_office_no ? await this.repos.offices.getOffice(person.plan_office_no) : undefined;
    const kind = cardInForce({ surrenderedOn: surrender?.surrendered_on ?? null, certifiedOn: person.certified_on });
    return { person, surrender: surrender ?? null, office: office ?? null, kind };
  }

  /** 証の返納 (資格者証の交付): the person handed in the 被保険者証 on the day; false when already recorded. */
  async recordCardSurrender(
    actor: Actor,
    insuredNo: string,
    entry: { surrenderedOn: IsoDate; applicationNo: string | null },
    today: IsoDate,
  ): Promise<boolean> {
    const person = await this.person(actor, insuredNo);
    if (person.status !== 'active')
      throw new ValidationError([{ field: 'surrenderedOn', message: '資格を喪失した被保険者です（死亡・転出）' }]);
    if (entry.surrenderedOn > today)
      throw new ValidationError([{ field: 'surrenderedOn', message: '返納日に未来の日付は入力できません' }]);
    return this.repos.register.recordCardSurrender({
      insurerNo: actor.insurerNo,
      insuredNo,
      ...entry,
      recordedBy: actor.loginId,
      recordedAt: new Date().toISOString(),
    });
  }

  /** The insurer's imports, newest first. */
  imports(actor: Actor) {
    return this.repos.registerImports.listImports(actor.insurerNo);
  }

  /** One import of the insurer with its row errors (NotFoundError for another insurer's). */
  async importDetail(actor: Actor, id: string) {
    const row = found(await this.repos.registerImports.getImport(actor.insurerNo, id), '取込が見つかりません');
    return { row, errors: await this.repos.registerImports.importErrors(actor.insurerNo, id) };
  }
}

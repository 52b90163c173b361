/**
 * 担当事業所登録 and 本人同意 as offices and the city use them: the identity check (① 被保険者証, ② カード券面 through
 * CardReader), the request that waits for the city before the insurer's 利用開始日 and takes effect at once after it,
 * 承認・差し戻し, the office ending a registration, and the consents an office or the city records. Every refusal an
 * office sees is the one IDENTITY_REFUSAL message, and every refusal is audited.
 */
import type { Repositories } from '../../db';
import { can, insurerOnline } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import {
  type ConsentChannel,
  IDENTITY_REFUSAL,
  lapseDate,
  matchByCard,
  matchByInsuredCard,
  officeMayRecordConsent,
  type RegisterPerson,
  registrationOpen,
  registrationState,
  requestOutcome,
} from '../../domain/registration/rules';
import { type CardReader, DemoCardReader } from '../../lib/card-reader';
import { registrationFacts } from '../../db/offices';
import { mayView } from './office';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { AuditService } from './audit';

export type IdentityInput =
  | { method: 'insured_card'; insuredNo: string; insurerNo: string; birthDate: IsoDate }
  | { method: 'my_number_card'; readingId: string };

/** Where a request came from, for the audit rows. */
export interface RequestContext {
  actor: Actor;
  ip?: string;
  now: string;
  today: IsoDate;
}

export class RegistrationService {
  constructor(
    private readonly repos: Repositories,
    private readonly audit: AuditService,
    private readonly cardReader: CardReader,
  ) {}

  /** The insurer's 利用開始日 and whether its offices may use the online features today. */
  async onlineStatus(insurerNo: string, today: IsoDate): Promise<{ online: boolean; startOn: IsoDate | null }> {
    const s = await this.repos.registrations.insurerSettings(insurerNo);
    return { online: insurerOnline(s ?? null, today), startOn: s?.startOn ?? null };
  }

  /** ① or ② against the register; null for anyone the office may not learn about (one answer for every reason). */
  async identify(input: IdentityInput): Promise<RegisterPerson | null> {
    const r = this.repos.registrations;
    if (input.method === 'insured_card') return matchByInsuredCard(input, await r.registerPersonByNo(input.insuredNo));
    const card = await this.cardReader.readFrontItems(input.readingId);
    if (!card) return null;
    return matchByCard(card, await r.registerPersonsBornOn(card.birthDate));
  }

  /**
   * 登録の申請: identifies the person, then records a pending request (insurer not yet online) or a registration in
   * effect today. A failed check is audited and answers IDENTITY_REFUSAL whatever the reason.
   */
  async request(ctx: RequestContext, input: IdentityInput): Promise<{ id: number; status: 'pending' | 'active' }> {
    const officeNo = officeOf(ctx.actor);
    const person = await this.identify(input);
    if (!person) {
      await this.audit.record({
        actor: ctx.actor,
        action: 'registration.refused',
        target: input.method === 'insured_card' ? `person:${input.insuredNo}` : 'card',
        detail: { officeNo, method: input.method },
        ip: ctx.ip,
      });
      throw new ValidationError([{ field: 'identity', message: IDENTITY_REFUSAL }]);
    }
    const r = this.repos.registrations;
    const open = await r.openRegistration(officeNo, person.insuredNo, ctx.today);
    if (open) return { id: open.id, status: open.status as 'pending' | 'active' };
    const settings = await r.insurerSettings(person.insurerNo);
    const status = requestOutcome(settings ?? null, ctx.today);
    const active = status === 'active';
    const id = await r.createRegistration({
      office_no: officeNo,
      insured_no: person.insuredNo,
      insurer_no: person.insurerNo,
      status,
      method: input.method,
      requested_by_user_id: ctx.actor.userId,
      requested_at: ctx.now,
      effective_on: active ? ctx.today : null,
      last_served_on: null,
      lapses_on: active
        ? lapseDate({ effectiveOn: ctx.today, lastServedOn: null, months: settings!.lapseMonths })
        : null,
    });
    await this.audit.record({
      actor: ctx.actor,
      action: 'registration.request',
      target: `person:${person.insuredNo}`,
      detail: { officeNo, method: input.method, status, registrationId: id },
      ip: ctx.ip,
    });
    return { id, status };
  }

  /**
   * The office's registrations, each with its state today (a lapsed or ended row says so) and the person's name only
   * while the office may see the person (officeMayViewPerson): after a lapse, an end, a withdrawal of consent or
   * before the insurer is online the row shows the number the office typed and nothing else.
   */
  async ofOffice(actor: Actor, today: IsoDate) {
    const officeNo = officeOf(actor);
    const rows = await this.repos.registrations.registrationsOfOffice(officeNo);
    const facts = await this.repos.offices.accessFactsFor([...new Set(rows.map((r) => r.insured_no))]);
    return rows.map((r) => {
      const visible = mayView(officeNo, today, facts.get(r.insured_no));
      const state = registrationState(registrationFacts(r), today);
      return { ...r, state, visible, person_name: visible ? r.person_name : null };
    });
  }

  /** The office ends its registration today: from today it no longer sees the person. */
  async end(ctx: RequestContext, id: number): Promise<void> {
    const officeNo = officeOf(ctx.actor);
    const reg = await this.repos.registrations.registrationOfOffice(officeNo, id);
    if (!reg) throw new NotFoundError('登録が見つかりません');
    if (!(await this.repos.registrations.endRegistration(officeNo, id, ctx.today)))
      throw new ConflictError('この登録はすでに終了しています');
    await this.audit.record({
      actor: ctx.actor,
      action: 'registration.end',
      target: `person:${reg.insured_no}`,
      detail: { officeNo, registrationId: id },
      ip: ctx.ip,
    });
  }

  /** The insurer's pending requests and the log of every registration. */
  async forCity(actor: Actor) {
    if (!can(actor.role, 'registration.review')) throw new ForbiddenError();
    const r = this.repos.registrations;
    const [pending, log] = await Promise.all([
      r.registrationsOfInsurer(actor.insurerNo, 'pending'),
      r.registrationsOfInsurer(actor.insurerNo, 'log'),
    ]);
    return { pending, log };
  }

  /** 承認 (in effect from today) or 差し戻し with a reason, of a pending request of the actor's insurer. */
  async decide(
    ctx: RequestContext,
    id: number,
    d: { approve: true } | { approve: false; reason: string },
  ): Promise<void> {
    const { actor } = ctx;
    if (!can(actor.role, 'registration.review')) throw new ForbiddenError();
    const r = this.repos.registrations;
    const settings = await r.insurerSettings(actor.insurerNo);
    const ok = d.approve
      ? await r.decideRegistration(actor.insurerNo, id, {
          approve: true,
          userId: actor.userId,
          at: ctx.now,
          effectiveOn: ctx.today,
          lapsesOn: lapseDate({ effectiveOn: ctx.today, lastServedOn: null, months: settings?.lapseMonths ?? 6 }),
        })
      : await r.decideRegistration(actor.insurerNo, id, {
          approve: false,
          userId: actor.userId,
          at: ctx.now,
          reason: d.reason,
        });
    if (!ok) throw new ConflictError('この申請はすでに処理されたか、見つかりません');
    const detail = d.approve ? {} : { reason: d.reason };
    const target = `registration:${id}`;
    if (d.approve) await this.audit.record({ actor, action: 'registration.approve', target, detail, ip: ctx.ip });
    else await this.audit.record({ actor, action: 'registration.return', target, detail, ip: ctx.ip });
  }

  /**
   * 同意の記録 by an office (事業所による代理取得) on its registration: only as officeMayRecordConsent allows; a refusal
   * is audited and answered without saying why beyond the rule.
   */
  async recordConsentByOffice(ctx: RequestContext, registrationId: number, on: IsoDate): Promise<void> {
    const officeNo = officeOf(ctx.actor);
    const reg = await this.repos.registrations.registrationOfOffice(officeNo, registrationId);
    const open = reg && registrationOpen(registrationFacts(reg), on);
    const latest = reg ? await this.repos.persons.currentConsent(reg.insurer_no, reg.insured_no) : null;
    const allowed = officeMayRecordConsent({
      granted: true,
      channel: 'office_proxy',
      hasRegistration: Boolean(open),
      latest: latest ? { granted: latest.granted, revokedOn: latest.revoked_on } : null,
    });
    if (!reg || !allowed) {
      await this.audit.record({
        actor: ctx.actor,
        action: 'consent.refused',
        target: reg ? `person:${reg.insured_no}` : `registration:${registrationId}`,
        detail: { officeNo, registrationId },
        ip: ctx.ip,
      });
      throw new ConflictError(
        '事業所では同意を記録できません（登録のある利用者の同意のみ記録できます。撤回後の同意は市町村で記録します）',
      );
    }
    await this.repos.registrations.insertConsent({
      insuredNo: reg.insured_no,
      granted: true,
      on,
      channel: 'office_proxy',
      officeNo,
      userId: ctx.actor.userId,
    });
    await this.audit.record({
      actor: ctx.actor,
      action: 'consent.record',
      target: `person:${reg.insured_no}`,
      detail: { officeNo, channel: 'office_proxy' },
      ip: ctx.ip,
    });
  }

  /** 同意の記録 by the city on the person's page (any channel but the office's). */
  async recordConsentByCity(
    ctx: RequestContext,
    insuredNo: string,
    c: { channel: Exclude<ConsentChannel, 'office_proxy'>; on: IsoDate },
  ): Promise<void> {
    if (!can(ctx.actor.role, 'registration.review')) throw new ForbiddenError();
    if (!(await this.repos.persons.getPerson(ctx.actor.insurerNo, insuredNo)))
      throw new NotFoundError('被保険者が見つかりません');
    await this.repos.registrations.insertConsent({
      insuredNo,
      granted: true,
      on: c.on,
      channel: c.channel,
      officeNo: null,
      userId: ctx.actor.userId,
    });
    await this.audit.record({
      actor: ctx.actor,
      action: 'consent.record',
      target: `person:${insuredNo}`,
      detail: { channel: c.channel },
      ip: ctx.ip,
    });
  }
}

function officeOf(actor: Actor): string {
  if (!actor.officeNo) throw new ForbiddenError();
  return actor.officeNo;
}

/** The demo's card reader (DEMO_CARD_READER): `demo-<被保険者番号>` reads the register's 券面事項 of that person. */
export function demoCardReader(repos: Repositories): CardReader {
  return new DemoCardReader(async (insuredNo) => {
    const r = await repos.registrations.registerPersonByNo(insuredNo);
    const p = r && (await repos.persons.getPerson(r.insurerNo, insuredNo));
    return p
      ? { name: p.name, address: p.address ?? '', birthDate: p.birth_date, sex: p.sex === '2' ? '2' : '1' }
      : null;
  });
}

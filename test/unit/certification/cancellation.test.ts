import {
  cancelledOnShown,
  decideCancellation,
  type CancellationRequest,
} from '../../../domain/certification/cancellation';
import type { HeldCertification } from '../../../domain/certification/in-force';

const current: HeldCertification = {
  level: 'care_2',
  validFrom: '2026-04-01',
  validTo: '2027-03-31',
  certifiedOn: '2026-04-20',
};
/** A 更新 decided early: begins the day after the current one expires. */
const next: HeldCertification = {
  level: 'care_3',
  validFrom: '2027-04-01',
  validTo: '2028-03-31',
  certifiedOn: '2027-03-10',
};

const ask = (over: Partial<CancellationRequest>) =>
  decideCancellation({
    held: { current, next: null },
    requestedOn: '2026-10-01',
    today: '2028-06-01',
    pendingApplications: [],
    ...over,
  });

describe('decideCancellation (認定の取消)', () => {
  it('invalid from the 申出日: the certification ends the day before, the history of what it was kept', () => {
    expect(ask({})).toEqual({
      ok: true,
      effect: {
        cancelled: current,
        invalidFrom: '2026-10-01',
        validTo: '2026-09-30',
        voidedNext: null,
        remaining: { current: { ...current, validTo: '2026-09-30' }, next: null },
      },
    });
  });

  it('accepted on the last valid day, refused the day after (expired)', () => {
    const last = ask({ requestedOn: '2027-03-31' });
    expect(last.ok && last.effect.validTo).toBe('2027-03-30');
    expect(ask({ requestedOn: '2027-04-01' })).toEqual({
      ok: false,
      reason: '有効期間（令和9年3月31日まで）が満了しているため、認定を取り消すことはできません',
    });
  });

  it('on the first day of the validity nothing remains: the register holds no certification', () => {
    const first = ask({
      held: { current: { ...current, certifiedOn: '2026-04-01' }, next: null },
      requestedOn: '2026-04-01',
    });
    expect(first.ok && first.effect.validTo).toBeNull();
    expect(first.ok && first.effect.remaining).toEqual({ current: null, next: null });
  });

  it('refused before the 処分 (a 申出 before the 認定日 is a 取下げ), and in the future', () => {
    expect(ask({ requestedOn: '2026-04-19' })).toEqual({
      ok: false,
      reason: '申出日が認定日（令和8年4月20日）より前です。処分前の申出は申請の取下げとして受け付けてください',
    });
    expect(ask({ requestedOn: '2026-04-20' }).ok).toBe(true);
    expect(ask({ today: '2026-09-30' })).toEqual({ ok: false, reason: '申出日に未来の日付は入力できません' });
    expect(ask({ today: '2026-10-01' }).ok).toBe(true);
  });

  it('refused while a 更新 or 区分変更 is pending; a pending 新規 does not stand in the way', () => {
    expect(ask({ pendingApplications: ['renewal'] })).toEqual({
      ok: false,
      reason: '更新の申請中のため取り消せません。先に申請を取り下げるか、処分をしてから受け付けてください',
    });
    const change = ask({ pendingApplications: ['new', 'level_change'] });
    expect(!change.ok && change.reason).toMatch(/^区分変更の申請中/);
    expect(ask({ pendingApplications: ['new'] }).ok).toBe(true);
  });

  it('the next certification decided but not yet in force: the current one ends, the next one is void', () => {
    const r = ask({ held: { current, next }, requestedOn: '2027-03-20' });
    expect(r).toEqual({
      ok: true,
      effect: {
        cancelled: current,
        invalidFrom: '2027-03-20',
        validTo: '2027-03-19',
        voidedNext: next,
        remaining: { current: { ...current, validTo: '2027-03-19' }, next: null },
      },
    });
  });

  it('once the next certification has begun it is the one cancelled (the expired one is history)', () => {
    const r = ask({ held: { current, next }, requestedOn: '2027-04-01' });
    expect(r.ok && r.effect.cancelled).toEqual(next);
    expect(r.ok && r.effect.validTo).toBeNull();
    expect(r.ok && r.effect.voidedNext).toBeNull();
    const later = ask({ held: { current, next }, requestedOn: '2027-05-15' });
    expect(later.ok && later.effect.remaining).toEqual({ current: { ...next, validTo: '2027-05-14' }, next: null });
    expect(ask({ held: { current, next }, requestedOn: '2028-04-01' })).toEqual({
      ok: false,
      reason: '有効期間（令和10年3月31日まで）が満了しているため、認定を取り消すことはできません',
    });
  });

  it('nothing to cancel: no certification, or 非該当', () => {
    const none = { ok: false, reason: '申出日に効力のある認定がありません' };
    expect(ask({ held: { current: null, next: null } })).toEqual(none);
    expect(ask({ held: { current: { ...current, level: 'non_applicable' }, next: null } })).toEqual(none);
    expect(
      ask({ held: { current: { ...current, level: 'non_applicable' }, next: null }, requestedOn: '2027-05-01' }),
    ).toEqual(none);
  });
});

describe('cancelledOnShown', () => {
  it('the current certification is shown as cancelled while it is what the 取消 left', () => {
    expect(cancelledOnShown('2026-10-01', { ...current, validTo: '2026-09-30' })).toBe('2026-10-01');
    expect(cancelledOnShown('2026-04-01', null)).toBe('2026-04-01');
    expect(cancelledOnShown(null, current)).toBeNull();
  });
  it('a certification decided later is not', () => {
    expect(cancelledOnShown('2026-10-01', { ...current, validFrom: '2026-12-01', validTo: '2027-05-31' })).toBeNull();
  });
});

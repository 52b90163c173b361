import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../../domain/certification/rules';
import {
  classifyApplication,
  isCertificationValidOn,
  isWithinRenewalWindow,
  renewalWindowOpens,
} from '../../../domain/certification/intake';

const rules = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');
const rules61 = { ...rules, renewalWindowCountsExpiryMinus: 61 as const };
const current = { level: 'care_2' as const, validFrom: '2025-04-01', validTo: '2026-03-31' };

describe('renewalWindowOpens', () => {
  it('expiry − 60 by default (3/31 → 1/30)', () => {
    expect(renewalWindowOpens('2026-03-31', rules)).toBe('2026-01-30');
  });
  it('expiry − 61 under the other convention (12/1 → 10/1)', () => {
    expect(renewalWindowOpens('2026-12-01', rules61)).toBe('2026-10-01');
    expect(renewalWindowOpens('2026-03-31', rules61)).toBe('2026-01-29');
  });
  it('uses renewalWindowDaysBeforeExpiry', () => {
    expect(renewalWindowOpens('2026-03-31', { ...rules, renewalWindowDaysBeforeExpiry: 30 })).toBe('2026-03-01');
  });
  it('isWithinRenewalWindow is inclusive at both ends', () => {
    expect(isWithinRenewalWindow('2026-01-29', '2026-03-31', rules)).toBe(false);
    expect(isWithinRenewalWindow('2026-01-30', '2026-03-31', rules)).toBe(true);
    expect(isWithinRenewalWindow('2026-03-31', '2026-03-31', rules)).toBe(true);
    expect(isWithinRenewalWindow('2026-04-01', '2026-03-31', rules)).toBe(false);
  });
});

describe('classifyApplication: 更新', () => {
  const renew = (appliedOn: string, r = rules, cur: typeof current | null = current) =>
    classifyApplication({ requestedType: 'renewal', appliedOn, currentCertification: cur, rules: r });

  it('accepts exactly expiry − 60 and rejects expiry − 61 (default convention)', () => {
    expect(renew('2026-01-30')).toEqual({ ok: true, type: 'renewal', notes: [] });
    const early = renew('2026-01-29');
    expect(early.ok).toBe(false);
    if (!early.ok) {
      expect(early.errors).toEqual([
        { field: 'appliedOn', message: '更新申請は有効期間満了日の60日前（2026年1月30日）から受け付けます' },
      ]);
    }
  });

  it('accepts expiry − 61 under the 61 convention, rejects expiry − 62', () => {
    expect(renew('2026-01-29', rules61)).toMatchObject({ ok: true, type: 'renewal' });
    const early = renew('2026-01-28', rules61);
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.errors[0].message).toContain('2026年1月29日');
  });

  it('accepts on the expiry day itself', () => {
    expect(renew('2026-03-31')).toMatchObject({ ok: true, type: 'renewal' });
  });

  it('expiry + 1 is re-typed 新規 with no gap; later filings report the gap', () => {
    expect(renew('2026-04-01')).toEqual({
      ok: true,
      type: 'new',
      notes: ['有効期間満了日を過ぎているため新規申請として受け付けます（空白期間 0 日）'],
      coverageGapDays: 0,
    });
    const late = renew('2026-04-11');
    expect(late).toMatchObject({ ok: true, type: 'new', coverageGapDays: 10 });
    if (late.ok) expect(late.notes[0]).toContain('空白期間 10 日');
  });

  it('no current certification → 新規', () => {
    expect(renew('2026-03-01', rules, null)).toMatchObject({ ok: true, type: 'new' });
    expect(renew('2026-03-01', rules, { ...current, level: 'non_applicable' } as never)).toMatchObject({
      ok: true,
      type: 'new',
    });
  });

  it('refused while the next certification (a renewal decided early) has not begun; its start day is a new case', () => {
    const classify = (appliedOn: string) =>
      classifyApplication({
        requestedType: 'renewal',
        appliedOn,
        currentCertification: current,
        nextCertification: { validFrom: '2026-04-01' },
        rules,
      });
    expect(classify('2026-03-31')).toMatchObject({
      ok: false,
      errors: [{ field: 'requestedType', message: expect.stringContaining('次の有効期間の認定') }],
    });
    expect(classify('2026-04-01').ok).toBe(true);
  });
});

describe('classifyApplication: 区分変更', () => {
  const change = (appliedOn: string, reason: string | null, cur: typeof current | null = current) =>
    classifyApplication({
      requestedType: 'level_change',
      appliedOn,
      currentCertification: cur,
      levelChangeReason: reason,
      rules,
    });

  it('accepts during validity with a reason', () => {
    expect(change('2025-10-01', '転倒し骨折したため')).toEqual({ ok: true, type: 'level_change', notes: [] });
  });
  it('notes the みなし更新 possibility inside the renewal window', () => {
    const r = change('2026-02-15', '状態悪化');
    expect(r).toMatchObject({ ok: true, type: 'level_change' });
    if (r.ok) expect(r.notes[0]).toContain('みなし更新');
  });
  it('needs a reason', () => {
    const r = change('2025-10-01', '  ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['levelChangeReason']);
  });
  it('needs a valid certification on the application date', () => {
    for (const r of [change('2026-04-01', '状態悪化'), change('2025-10-01', '状態悪化', null)]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0].field).toBe('requestedType');
    }
  });
  it('reports both errors at once', () => {
    const r = change('2026-04-01', null);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(2);
  });
});

describe('classifyApplication: 転入', () => {
  const transfer = (appliedOn: string, movedInOn: string | null) =>
    classifyApplication({ requestedType: 'transfer_in', appliedOn, currentCertification: null, movedInOn, rules });

  it('within 14 days of moving in (初日不算入: 4/1 → 4/15)', () => {
    expect(transfer('2026-04-01', '2026-04-01')).toEqual({ ok: true, type: 'transfer_in', notes: [] });
    expect(transfer('2026-04-15', '2026-04-01')).toEqual({ ok: true, type: 'transfer_in', notes: [] });
  });
  it('after 14 days → 新規 with a note', () => {
    const r = transfer('2026-04-16', '2026-04-01');
    expect(r).toMatchObject({ ok: true, type: 'new' });
    if (r.ok) expect(r.notes[0]).toContain('転入日から14日を過ぎているため新規申請として受け付けます');
  });
  it('needs a move-in date not after the application', () => {
    const missing = transfer('2026-04-10', null);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors[0].field).toBe('movedInOn');
    expect(transfer('2026-04-10', '2026-04-11').ok).toBe(false);
  });
});

describe('classifyApplication: 新規', () => {
  it('accepts with no certification or an expired one', () => {
    expect(
      classifyApplication({ requestedType: 'new', appliedOn: '2026-04-01', currentCertification: null, rules }),
    ).toEqual({
      ok: true,
      type: 'new',
      notes: [],
    });
    expect(
      classifyApplication({ requestedType: 'new', appliedOn: '2026-04-01', currentCertification: current, rules }),
    ).toMatchObject({ ok: true, type: 'new' });
  });
  it('rejects while a certification is valid', () => {
    const r = classifyApplication({
      requestedType: 'new',
      appliedOn: '2026-03-31',
      currentCertification: current,
      rules,
    });
    expect(r.ok).toBe(false);
  });
  it('rejects an invalid application date', () => {
    const r = classifyApplication({ requestedType: 'new', appliedOn: '2026-02-30', currentCertification: null, rules });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].field).toBe('appliedOn');
  });
  it('isCertificationValidOn covers validFrom..validTo', () => {
    expect(isCertificationValidOn(current, '2025-04-01')).toBe(true);
    expect(isCertificationValidOn(current, '2025-03-31')).toBe(false);
    expect(isCertificationValidOn(current, '2026-04-01')).toBe(false);
  });
});

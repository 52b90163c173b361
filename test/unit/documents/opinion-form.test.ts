import { itemsOf, type DocumentValues } from '../../../domain/documents/items';
import {
  OPINION_FORM_VERSIONS,
  opinionErrors,
  opinionFeed,
  opinionFormById,
  opinionFormOn,
} from '../../../domain/documents/opinion-form';
import { completeOpinion } from '../../support/documents';

describe('主治医意見書: form versions by date', () => {
  it('the version in force: 2021 form until 2026-03-31, the 2026 form from 2026-04-01', () => {
    expect(opinionFormOn('2026-03-31')?.id).toBe('2021');
    expect(opinionFormOn('2026-04-01')?.id).toBe('2026');
    expect(opinionFormOn('2026-12-04')?.id).toBe('2026');
    expect(opinionFormOn('2021-08-16')?.id).toBe('2021');
    expect(opinionFormOn('2021-08-15')).toBeNull();
  });

  it('only the older form has the doctor’s consent box for care plans', () => {
    const keys = (id: string) => itemsOf(opinionFormById(id)!.form).map((i) => i.key);
    expect(keys('2021')).toContain('consent');
    expect(keys('2026')).not.toContain('consent');
    expect(keys('2021').filter((k) => k !== 'consent')).toEqual(keys('2026'));
    expect(opinionFormById('1999')).toBeNull();
  });

  it('the versions are in date order with unique ids', () => {
    const dates = OPINION_FORM_VERSIONS.map((v) => v.effectiveFrom);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(OPINION_FORM_VERSIONS.map((v) => v.id)).size).toBe(OPINION_FORM_VERSIONS.length);
  });
});

describe('主治医意見書: rules', () => {
  const v2026 = opinionFormById('2026')!;
  const v2021 = opinionFormById('2021')!;

  it('a complete record has no errors and feeds the case its 認知症自立度 and the receipt date', () => {
    expect(opinionErrors(v2026, completeOpinion(v2026), true)).toEqual([]);
    expect(opinionFeed(v2026, completeOpinion(v2026), '2026-11-20')).toEqual({
      receivedOn: '2026-11-20',
      dementia: 'IIa',
    });
  });

  it('the 2021 form needs the consent box answered; the 2026 form refuses it as an unknown item', () => {
    const withoutConsent = completeOpinion(v2021);
    delete (withoutConsent.items as Record<string, unknown>).consent;
    expect(opinionErrors(v2021, withoutConsent, true).map((e) => e.field)).toEqual(['consent']);
    expect(opinionErrors(v2026, completeOpinion(v2026, { consent: '1' }), true).map((e) => e.field)).toEqual([
      'consent',
    ]);
  });

  it('不安定 needs its situation; BPSD 有 needs its symptoms', () => {
    const fields = (over: Record<string, string>) =>
      opinionErrors(v2026, completeOpinion(v2026, over), true).map((e) => e.field);
    expect(fields({ stability: '2' })).toEqual(['instability']);
    expect(fields({ stability: '2', instability: '夜間の発熱を繰り返す' })).toEqual([]);
    expect(fields({ bpsd: '2' })).toEqual(['bpsdKinds']);
  });

  it('refuses a choice outside the form and a body measure out of bounds', () => {
    const errors = opinionErrors(v2026, completeOpinion(v2026, { dementia: 'V', height: '20' }), false);
    expect(errors.map((e) => e.message)).toEqual([
      '3(1) 認知症高齢者の日常生活自立度は選択肢から選んでください',
      '3(5) 身長は50cm以上で入力してください',
    ]);
  });

  it('a draft may be incomplete, the feed may not', () => {
    const draft: DocumentValues = { items: { doctorName: '医師 花子' }, notes: {} };
    expect(opinionErrors(v2026, draft, false)).toEqual([]);
    expect(opinionErrors(v2026, draft, true).length).toBeGreaterThan(5);
    expect(() => opinionFeed(v2026, draft, '2026-11-20')).toThrow('主治医意見書が完成していません');
  });
});

import fc from 'fast-check';
import { judgePrimaryLevel } from '../../../domain/certification/primary-judgement';
import { CARE_LEVELS, DEMENTIA_INDEPENDENCE, DementiaIndependence } from '../../../domain/certification/types';

const plain = (standardMinutes: number, extra: Partial<Parameters<typeof judgePrimaryLevel>[0]> = {}) =>
  judgePrimaryLevel({ standardMinutes, surveyDementia: '自立', opinionDementia: '自立', ...extra });

describe('judgePrimaryLevel thresholds', () => {
  it.each([
    [0, 'non_applicable'],
    [24.9, 'non_applicable'],
    [25, 'support_1'],
    [31.9, 'support_1'],
    [32, 'support_2'],
    [49.9, 'support_2'],
    [50, 'care_2'],
    [69.9, 'care_2'],
    [70, 'care_3'],
    [89.9, 'care_3'],
    [90, 'care_4'],
    [109.9, 'care_4'],
    [110, 'care_5'],
    [300, 'care_5'],
  ])('%s min → %s', (t, level) => {
    expect(plain(t)).toBe(level);
  });
});

describe('要支援2 / 要介護1 split (32–50 min)', () => {
  it('要介護1 when both 自立度 are II or higher', () => {
    expect(plain(40, { surveyDementia: 'IIa', opinionDementia: 'IIb' })).toBe('care_1');
    expect(plain(40, { surveyDementia: 'M', opinionDementia: 'IV' })).toBe('care_1');
  });
  it('要支援2 when only one source says II or higher', () => {
    expect(plain(40, { surveyDementia: 'IIa', opinionDementia: 'I' })).toBe('support_2');
    expect(plain(40, { surveyDementia: '自立', opinionDementia: 'IIIa' })).toBe('support_2');
  });
  it('probability ≥ 0.5 gives 要介護1; below gives 要支援2', () => {
    expect(plain(40, { dementiaProbabilityIIOrHigher: 0.5 })).toBe('care_1');
    expect(plain(40, { dementiaProbabilityIIOrHigher: 0.49 })).toBe('support_2');
  });
  it('unstable condition gives 要介護1', () => {
    expect(plain(40, { unstableCondition: true })).toBe('care_1');
    expect(plain(40, { unstableCondition: false })).toBe('support_2');
  });
  it('the split does not leak outside 32–50', () => {
    expect(plain(31, { unstableCondition: true, surveyDementia: 'M', opinionDementia: 'M' })).toBe('support_1');
    expect(plain(50, { unstableCondition: false })).toBe('care_2');
  });
});

describe('judgePrimaryLevel input checks', () => {
  it.each([-1, NaN, Infinity])('rejects %s minutes', (t) => {
    expect(() => plain(t)).toThrow(RangeError);
  });
  it('rejects probabilities outside 0..1', () => {
    expect(() => plain(40, { dementiaProbabilityIIOrHigher: 1.1 })).toThrow(RangeError);
    expect(() => plain(40, { dementiaProbabilityIIOrHigher: -0.1 })).toThrow(RangeError);
    expect(() => plain(40, { dementiaProbabilityIIOrHigher: NaN })).toThrow(RangeError);
  });
});

describe('judgePrimaryLevel property', () => {
  const dementia = fc.constantFrom<DementiaIndependence>(...DEMENTIA_INDEPENDENCE);
  it('more minutes never gives a lighter level (same dementia inputs)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        dementia,
        dementia,
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        fc.boolean(),
        (a, b, s, o, p, unstable) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const args = {
            surveyDementia: s,
            opinionDementia: o,
            dementiaProbabilityIIOrHigher: p,
            unstableCondition: unstable,
          };
          const l1 = CARE_LEVELS.indexOf(judgePrimaryLevel({ standardMinutes: lo, ...args }));
          const l2 = CARE_LEVELS.indexOf(judgePrimaryLevel({ standardMinutes: hi, ...args }));
          expect(l2).toBeGreaterThanOrEqual(l1);
        },
      ),
    );
  });
});

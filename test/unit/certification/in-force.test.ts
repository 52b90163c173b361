import {
  certificationInForce,
  certificationsShown,
  placeDecidedCertification,
  promoteStarted,
  type HeldCertification,
} from '../../../domain/certification/in-force';

/** 要介護1, R8.2.1–R9.1.31; its 更新 to 要介護2 from R9.2.1, decided on R8.12.4. */
const current: HeldCertification = {
  level: 'care_1',
  validFrom: '2026-02-01',
  validTo: '2027-01-31',
  certifiedOn: '2026-01-20',
};
const renewal: HeldCertification = {
  level: 'care_2',
  validFrom: '2027-02-01',
  validTo: '2028-01-31',
  certifiedOn: '2026-12-04',
};

describe('certificationInForce (効力のある認定)', () => {
  const held = { current, next: renewal };
  it('the current one up to and including its expiry day, the next one from its start date', () => {
    expect(certificationInForce(held, '2026-12-04')?.level).toBe('care_1');
    expect(certificationInForce(held, '2027-01-31')?.level).toBe('care_1');
    expect(certificationInForce(held, '2027-02-01')?.level).toBe('care_2');
    expect(certificationInForce(held, '2028-01-31')?.level).toBe('care_2');
  });
  it('none before the first start, after the last expiry, or with nothing held', () => {
    expect(certificationInForce(held, '2026-01-31')).toBeNull();
    expect(certificationInForce(held, '2028-02-01')).toBeNull();
    expect(certificationInForce({ current: null, next: null }, '2026-12-04')).toBeNull();
    expect(certificationInForce({ current, next: null }, '2027-02-01')).toBeNull();
  });
});

describe('promoteStarted (次期認定の開始)', () => {
  it('the next becomes current on its start date, not the day before', () => {
    expect(promoteStarted({ current, next: renewal }, '2027-01-31')).toEqual({ current, next: renewal });
    expect(promoteStarted({ current, next: renewal }, '2027-02-01')).toEqual({ current: renewal, next: null });
  });
  it('nothing to promote without a next', () => {
    expect(promoteStarted({ current, next: null }, '2030-01-01')).toEqual({ current, next: null });
  });
});

describe('placeDecidedCertification', () => {
  it('a 更新 decided before the expiry is kept beside the current one', () => {
    expect(placeDecidedCertification({ current, next: null }, renewal)).toEqual({ current, next: renewal });
  });
  it('decided on the expiry day itself: still beside it', () => {
    const onLastDay = { ...renewal, certifiedOn: '2027-01-31' };
    expect(placeDecidedCertification({ current, next: null }, onLastDay)).toEqual({ current, next: onLastDay });
  });
  it('a 更新 decided after the expiry (late) replaces it at once', () => {
    const late = { ...renewal, certifiedOn: '2027-02-03' };
    expect(placeDecidedCertification({ current, next: null }, late)).toEqual({ current: late, next: null });
  });
  it('a 新規 or 区分変更 (from its application date) replaces the current one', () => {
    const change: HeldCertification = {
      level: 'care_3',
      validFrom: '2026-11-10',
      validTo: '2027-05-31',
      certifiedOn: '2026-12-10',
    };
    expect(placeDecidedCertification({ current, next: null }, change)).toEqual({ current: change, next: null });
    expect(placeDecidedCertification({ current: null, next: null }, change)).toEqual({ current: change, next: null });
  });
  it('a 区分変更 reaching into the next period drops the next; one ending before it keeps it', () => {
    const reaching = {
      level: 'care_3' as const,
      validFrom: '2026-11-10',
      validTo: '2027-05-31',
      certifiedOn: '2026-12-20',
    };
    expect(placeDecidedCertification({ current, next: renewal }, reaching)).toEqual({ current: reaching, next: null });
    const short = { ...reaching, validTo: '2027-01-31' };
    expect(placeDecidedCertification({ current, next: renewal }, short)).toEqual({ current: short, next: renewal });
  });
  it('a decision made after the next has begun promotes it first', () => {
    const after = {
      level: 'care_4' as const,
      validFrom: '2027-03-01',
      validTo: '2027-09-30',
      certifiedOn: '2027-03-20',
    };
    expect(placeDecidedCertification({ current, next: renewal }, after)).toEqual({ current: after, next: null });
  });
  it('the same decision placed twice gives the same result (idempotent on retries)', () => {
    const once = placeDecidedCertification({ current, next: null }, renewal);
    expect(placeDecidedCertification(once, renewal)).toEqual(once);
  });
});

describe('certificationsShown', () => {
  it('both while the next has not begun; only the new one from its start', () => {
    expect(certificationsShown({ current, next: renewal }, '2026-12-04')).toEqual({ current, next: renewal });
    expect(certificationsShown({ current, next: renewal }, '2027-02-01')).toEqual({ current: renewal, next: null });
  });
});

import fc from 'fast-check';
import {
  appliedOnAcceptable,
  type CardFrontItems,
  comparable,
  lapseDate,
  matchByCard,
  matchByInsuredCard,
  officeMayRecordConsent,
  type RegisterPerson,
  registrationOpen,
  registrationState,
  requestOutcome,
} from '../../../domain/registration/rules';
import { registrationActive, type RegistrationFacts } from '../../../domain/access';

const person: RegisterPerson = {
  insuredNo: '0000100001',
  insurerNo: '432130',
  name: '宇城 太郎',
  birthDate: '1940-10-15',
  address: '熊本県宇城市松橋町松橋1丁目2番3号',
  status: 'active',
};

describe('matchByInsuredCard (被保険者番号 + 保険者番号 + 生年月日)', () => {
  const typed = { insuredNo: person.insuredNo, insurerNo: person.insurerNo, birthDate: person.birthDate };
  it('matches only when all three items match an active person', () => {
    expect(matchByInsuredCard(typed, person)).toBe(person);
    expect(matchByInsuredCard({ ...typed, insurerNo: '432148' }, person)).toBeNull();
    expect(matchByInsuredCard({ ...typed, birthDate: '1940-10-16' }, person)).toBeNull();
    expect(matchByInsuredCard({ ...typed, insuredNo: '0000100002' }, person)).toBeNull();
    expect(matchByInsuredCard(typed, undefined)).toBeNull();
  });
  it('refuses deceased and moved-out persons like unknown ones', () => {
    expect(matchByInsuredCard(typed, { ...person, status: 'deceased' })).toBeNull();
    expect(matchByInsuredCard(typed, { ...person, status: 'moved_out' })).toBeNull();
  });
  it('never matches when any item differs (random items)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 10 }),
        fc.constantFrom('insuredNo', 'insurerNo', 'birthDate'),
        (v, k) => {
          fc.pre(v !== typed[k as keyof typeof typed]);
          expect(matchByInsuredCard({ ...typed, [k]: v }, person)).toBeNull();
        },
      ),
    );
  });
});

describe('matchByCard (券面: 氏名・住所・生年月日)', () => {
  const card: CardFrontItems = {
    name: '宇城　太郎',
    address: '熊本県宇城市松橋町松橋１－２－３',
    birthDate: '1940-10-15',
    sex: '1',
  };
  it('matches name, birth date and address written differently (spaces, width, 丁目番地)', () => {
    expect(comparable('松橋1丁目2番3号')).toBe(comparable('松橋１－２－３'));
    expect(matchByCard(card, [person])).toBe(person);
  });
  it('refuses a different name, birth date or address, an inactive person and an ambiguous match', () => {
    expect(matchByCard({ ...card, name: '宇城 次郎' }, [person])).toBeNull();
    expect(matchByCard({ ...card, birthDate: '1940-10-16' }, [person])).toBeNull();
    expect(matchByCard({ ...card, address: '熊本県宇城市松橋町松橋1-2-4' }, [person])).toBeNull();
    expect(matchByCard(card, [{ ...person, status: 'deceased' }])).toBeNull();
    expect(matchByCard(card, [{ ...person, address: null }])).toBeNull();
    expect(matchByCard(card, [person, { ...person, insuredNo: '0000100009' }])).toBeNull();
  });
});

describe('requestOutcome (利用開始日 per insurer)', () => {
  it('waits for the city before the start date or data migration, takes effect at once after both', () => {
    expect(requestOutcome({ startOn: '2027-05-27', dataMigrated: true }, '2027-05-26')).toBe('pending');
    expect(requestOutcome({ startOn: '2027-05-27', dataMigrated: true }, '2027-05-27')).toBe('active');
    expect(requestOutcome({ startOn: '2027-05-27', dataMigrated: false }, '2027-06-01')).toBe('pending');
    expect(requestOutcome(null, '2027-06-01')).toBe('pending');
  });
});

describe('lapseDate', () => {
  it('runs N months from the later of taking effect and the last 給付実績', () => {
    expect(lapseDate({ effectiveOn: '2026-04-10', lastServedOn: null, months: 6 })).toBe('2026-10-10');
    expect(lapseDate({ effectiveOn: '2026-04-10', lastServedOn: '2026-06-01', months: 3 })).toBe('2026-09-01');
    expect(lapseDate({ effectiveOn: '2026-04-10', lastServedOn: '2026-01-01', months: 3 })).toBe('2026-07-10');
  });
});

describe('officeMayRecordConsent (no self-grant)', () => {
  const ok = { granted: true, channel: 'office_proxy', hasRegistration: true, latest: null };
  it('a grant as 事業所による代理取得 by an office holding a registration', () => {
    expect(officeMayRecordConsent(ok)).toBe(true);
    expect(officeMayRecordConsent({ ...ok, latest: { granted: true, revokedOn: null } })).toBe(true);
  });
  it('never a withdrawal, another channel, without a registration, or over a withdrawal or refusal', () => {
    expect(officeMayRecordConsent({ ...ok, granted: false })).toBe(false);
    for (const channel of ['municipality', 'application', 'renewal', 'counter'])
      expect(officeMayRecordConsent({ ...ok, channel })).toBe(false);
    expect(officeMayRecordConsent({ ...ok, hasRegistration: false })).toBe(false);
    expect(officeMayRecordConsent({ ...ok, latest: { granted: true, revokedOn: '2026-01-01' } })).toBe(false);
    expect(officeMayRecordConsent({ ...ok, latest: { granted: false } })).toBe(false);
  });
});

describe('appliedOnAcceptable', () => {
  it('refuses a future 申請日', () => {
    expect(appliedOnAcceptable('2026-04-10', '2026-04-10')).toBe(true);
    expect(appliedOnAcceptable('2026-04-11', '2026-04-10')).toBe(false);
  });
});

describe('registrationState (what the office list shows on a day)', () => {
  const reg = (r: Partial<RegistrationFacts>): RegistrationFacts => ({
    officeNo: '4370100011',
    status: 'active',
    effectiveOn: '2026-05-01',
    endedOn: null,
    lapsesOn: '2026-11-01',
    ...r,
  });
  it('an active row is lapsed from its 失効日 and ended from its 終了日', () => {
    expect(registrationState(reg({}), '2026-10-31')).toBe('active');
    expect(registrationState(reg({}), '2026-11-01')).toBe('lapsed');
    expect(registrationState(reg({ endedOn: '2026-10-20' }), '2026-10-20')).toBe('ended');
    expect(registrationState(reg({ status: 'ended', endedOn: '2026-12-01' }), '2026-10-01')).toBe('ended');
  });
  it('pending and returned stay as they are; only pending and active are open', () => {
    expect(registrationState(reg({ status: 'pending', effectiveOn: null, lapsesOn: null }), '2026-10-01')).toBe(
      'pending',
    );
    expect(registrationState(reg({ status: 'returned', effectiveOn: null }), '2026-10-01')).toBe('returned');
    expect(registrationOpen(reg({ status: 'pending', effectiveOn: null, lapsesOn: null }), '2027-01-01')).toBe(true);
    expect(registrationOpen(reg({}), '2026-11-01')).toBe(false);
    expect(registrationOpen(reg({ status: 'returned' }), '2026-10-01')).toBe(false);
  });
  it('agrees with registrationActive (the visibility rule) for every row in effect', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RegistrationFacts['status']>('pending', 'active', 'returned', 'ended'),
        fc.option(fc.integer({ min: 1, max: 28 }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 28 }), { nil: null }),
        fc.integer({ min: 1, max: 28 }),
        (status, ended, lapses, day) => {
          const d = (n: number) => `2026-02-${String(n).padStart(2, '0')}`;
          const r = reg({
            status,
            effectiveOn: '2026-02-01',
            endedOn: ended == null ? null : d(ended),
            lapsesOn: lapses == null ? null : d(lapses),
          });
          expect(registrationState(r, d(day)) === 'active').toBe(registrationActive(r, d(day)));
        },
      ),
    );
  });
});

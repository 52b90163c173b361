import fc from 'fast-check';
import {
  ACTIONS,
  can,
  consentInForce,
  type InsurerOnline,
  insurerOnline,
  mayReadCaseKind,
  mayReadOpinionMedical,
  mayReadPlanNotification,
  officeMayViewPerson,
  type RegistrationFacts,
  registrationActive,
  ROLE_PERMISSIONS,
  type SharingConsent,
} from '../../domain/access';
import { addDays } from '../../domain/dates';
import { ROLES } from '../../domain/certification/types';

const OFFICE = '1371234567';
const reg = (over: Partial<RegistrationFacts> = {}): RegistrationFacts => ({
  officeNo: OFFICE,
  status: 'active',
  effectiveOn: '2026-04-01',
  endedOn: null,
  lapsesOn: null,
  ...over,
});

describe('officeMayViewPerson', () => {
  const base = {
    officeNo: OFFICE,
    today: '2026-04-10',
    consent: { granted: true } as SharingConsent | null,
    registrations: [reg()],
    insurer: { startOn: '2026-04-01', dataMigrated: true } as InsurerOnline | null,
  };
  it('an office with an active registration and consent in force, insurer online, may view', () => {
    expect(officeMayViewPerson(base)).toBe(true);
  });
  it('no consent, not granted, or withdrawn by today → no', () => {
    expect(officeMayViewPerson({ ...base, consent: null })).toBe(false);
    expect(officeMayViewPerson({ ...base, consent: { granted: false } })).toBe(false);
    expect(officeMayViewPerson({ ...base, consent: { granted: true, revokedOn: '2026-04-10' } })).toBe(false);
    expect(officeMayViewPerson({ ...base, consent: { granted: true, revokedOn: '2026-04-11' } })).toBe(true);
  });
  it('the registration must be this office, active, in effect, not ended and not lapsed', () => {
    const with_ = (r: Partial<RegistrationFacts>) => officeMayViewPerson({ ...base, registrations: [reg(r)] });
    expect(with_({ effectiveOn: '2026-04-10' })).toBe(true);
    expect(with_({ effectiveOn: '2026-04-11' })).toBe(false);
    expect(with_({ officeNo: '9999999999' })).toBe(false);
    for (const status of ['pending', 'returned', 'ended'] as const) expect(with_({ status })).toBe(false);
    expect(with_({ status: 'pending', effectiveOn: null })).toBe(false);
    expect(with_({ endedOn: '2026-04-10' })).toBe(false); // ended today: no access from today
    expect(with_({ endedOn: '2026-04-11' })).toBe(true);
    expect(with_({ lapsesOn: '2026-04-10' })).toBe(false);
    expect(with_({ lapsesOn: '2026-04-11' })).toBe(true);
    expect(officeMayViewPerson({ ...base, registrations: [] })).toBe(false);
  });
  it('before the insurer is online (利用開始日 or data migration) nobody sees anyone', () => {
    expect(officeMayViewPerson({ ...base, insurer: null })).toBe(false);
    expect(officeMayViewPerson({ ...base, insurer: { startOn: '2026-04-11', dataMigrated: true } })).toBe(false);
    expect(officeMayViewPerson({ ...base, insurer: { startOn: '2026-04-10', dataMigrated: true } })).toBe(true);
    expect(officeMayViewPerson({ ...base, insurer: { startOn: '2026-04-01', dataMigrated: false } })).toBe(false);
    expect(officeMayViewPerson({ ...base, insurer: { startOn: null, dataMigrated: true } })).toBe(false);
  });
  it('is the conjunction of its three parts on random facts', () => {
    const day = fc.integer({ min: -3, max: 3 }).map((n) => addDays('2026-04-10', n));
    const facts = fc.record({
      consent: fc.option(fc.record({ granted: fc.boolean(), revokedOn: fc.option(day, { nil: null }) }), { nil: null }),
      registrations: fc.array(
        fc.record({
          officeNo: fc.constantFrom(OFFICE, '9999999999'),
          status: fc.constantFrom('pending', 'active', 'returned', 'ended') as fc.Arbitrary<
            RegistrationFacts['status']
          >,
          effectiveOn: fc.option(day, { nil: null }),
          endedOn: fc.option(day, { nil: null }),
          lapsesOn: fc.option(day, { nil: null }),
        }),
        { maxLength: 3 },
      ),
      insurer: fc.option(fc.record({ startOn: fc.option(day, { nil: null }), dataMigrated: fc.boolean() }), {
        nil: null,
      }),
    });
    fc.assert(
      fc.property(facts, (f) => {
        const today = '2026-04-10';
        const seen = officeMayViewPerson({ officeNo: OFFICE, today, ...f });
        const expected =
          insurerOnline(f.insurer, today) &&
          consentInForce(f.consent, today) &&
          f.registrations.some((r) => r.officeNo === OFFICE && registrationActive(r, today));
        expect(seen).toBe(expected);
        // never through another office's registration
        const others = f.registrations.filter((r) => r.officeNo !== OFFICE);
        expect(officeMayViewPerson({ officeNo: OFFICE, today, ...f, registrations: others })).toBe(false);
      }),
    );
  });
});

describe('can / ROLE_PERMISSIONS', () => {
  it.each([
    [
      'intake',
      [
        'certification.intake',
        'certification.withdraw',
        'certification.postpone',
        'certification.cancel',
        'opinion.record',
        'case.hold',
        'survey.assign',
      ],
    ],
    ['surveyor', ['survey.record', 'case.hold']],
    ['board_secretariat', ['board.schedule', 'board.decide']],
    ['benefits', ['plan.review', 'register.edit', 'kokuhoren.export']],
    ['office_staff', ['certification.intake', 'plan.file']],
  ] as const)('%s may do its duties', (role, actions) => {
    for (const a of actions) expect(can(role, a)).toBe(true);
  });
  it.each([
    ['surveyor', 'certification.intake'],
    ['surveyor', 'board.decide'],
    ['intake', 'board.decide'],
    ['board_secretariat', 'survey.record'],
    ['benefits', 'plan.file'],
    ['office_staff', 'case.view_all'],
    ['office_staff', 'plan.review'],
    ['intake', 'settings.edit'],
    ['intake', 'register.edit'],
    ['office_staff', 'register.edit'],
    ['intake', 'kokuhoren.export'],
    ['benefits', 'certification.cancel'],
    ['surveyor', 'certification.cancel'],
    ['office_staff', 'certification.cancel'],
    ['office_staff', 'kokuhoren.export'],
  ] as const)('%s may not %s', (role, action) => {
    expect(can(role, action)).toBe(false);
  });
  it("supervisor may do everything except the offices' and hospitals' own actions", () => {
    const theirs = ['plan.file', 'opinion.requests', 'survey.contracted'];
    for (const a of ACTIONS) expect(can('supervisor', a)).toBe(!theirs.includes(a));
  });
  it('only office staff take a contracted survey; the 認定係 and 係長 correct a completed one', () => {
    expect(ROLES.filter((r) => can(r, 'survey.contracted'))).toEqual(['office_staff']);
    expect(ROLES.filter((r) => can(r, 'survey.correct'))).toEqual(['intake', 'supervisor']);
  });
  it('every municipal role may view all cases; office_staff and doctors may not', () => {
    for (const r of ROLES) expect(can(r, 'case.view_all')).toBe(r !== 'office_staff' && r !== 'doctor');
  });
  it('gives the 意見書 medical details to 認定係, 審査会事務局 and 監督者 only (need to know)', () => {
    expect(ROLES.filter((r) => can(r, 'opinion.medical'))).toEqual(['intake', 'board_secretariat', 'supervisor']);
  });
  it('every role has an entry and only known actions', () => {
    for (const r of ROLES) {
      expect(ROLE_PERMISSIONS[r]).toBeDefined();
      for (const a of ROLE_PERMISSIONS[r]) expect(ACTIONS).toContain(a);
    }
  });
});

describe('need to know between municipal roles (issue 15)', () => {
  it('居宅届 only for the roles that review them', () => {
    expect(MUNICIPAL.filter((r) => mayReadPlanNotification(r))).toEqual(['benefits', 'supervisor']);
    expect(mayReadCaseKind('intake', 'plan_notification')).toBe(false);
    expect(mayReadCaseKind('benefits', 'plan_notification')).toBe(true);
    expect(mayReadCaseKind('surveyor', 'certification')).toBe(true);
  });

  it('the opinion’s medical findings only with opinion.medical', () => {
    expect(MUNICIPAL.filter((r) => mayReadOpinionMedical(r))).toEqual(['intake', 'board_secretariat', 'supervisor']);
    expect(mayReadOpinionMedical('office_staff')).toBe(false);
    expect(mayReadOpinionMedical('doctor')).toBe(false);
  });
});

const MUNICIPAL = ['intake', 'surveyor', 'board_secretariat', 'benefits', 'supervisor'] as const;

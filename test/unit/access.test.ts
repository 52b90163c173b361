import { ACTIONS, can, officeMayViewPerson, ROLE_PERMISSIONS } from '../../domain/access';
import { ROLES } from '../../domain/certification/types';

describe('officeMayViewPerson', () => {
  const base = {
    officeNo: '1371234567',
    today: '2026-04-10',
    assignments: [{ officeNo: '1371234567', startDate: '2026-04-01', endDate: null }],
    consent: { granted: true },
    pendingProxyApplicationOfficeNos: [] as string[],
  };
  it('assigned office with consent may view', () => {
    expect(officeMayViewPerson(base)).toBe(true);
  });
  it('no consent, not granted, or revoked by today → no', () => {
    expect(officeMayViewPerson({ ...base, consent: null })).toBe(false);
    expect(officeMayViewPerson({ ...base, consent: { granted: false } })).toBe(false);
    expect(officeMayViewPerson({ ...base, consent: { granted: true, revokedOn: '2026-04-10' } })).toBe(false);
    expect(officeMayViewPerson({ ...base, consent: { granted: true, revokedOn: '2026-04-11' } })).toBe(true);
  });
  it('assignment must cover today (inclusive) and be this office', () => {
    const a = (startDate: string, endDate: string | null, officeNo = base.officeNo) => ({
      ...base,
      assignments: [{ officeNo, startDate, endDate }],
    });
    expect(officeMayViewPerson(a('2026-04-10', '2026-04-10'))).toBe(true);
    expect(officeMayViewPerson(a('2026-04-11', null))).toBe(false);
    expect(officeMayViewPerson(a('2026-01-01', '2026-04-09'))).toBe(false);
    expect(officeMayViewPerson(a('2026-01-01', null, '9999999999'))).toBe(false);
  });
  it('a pending 代行申請 from this office also qualifies (still needs consent)', () => {
    const proxy = { ...base, assignments: [], pendingProxyApplicationOfficeNos: ['1371234567'] };
    expect(officeMayViewPerson(proxy)).toBe(true);
    expect(officeMayViewPerson({ ...proxy, consent: null })).toBe(false);
    expect(officeMayViewPerson({ ...proxy, pendingProxyApplicationOfficeNos: ['9999999999'] })).toBe(false);
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
        'opinion.record',
        'case.hold',
        'survey.assign',
      ],
    ],
    ['surveyor', ['survey.record', 'case.hold']],
    ['board_secretariat', ['board.schedule', 'board.decide']],
    ['benefits', ['plan.review', 'register.edit']],
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
  ] as const)('%s may not %s', (role, action) => {
    expect(can(role, action)).toBe(false);
  });
  it('supervisor may do everything except plan.file', () => {
    for (const a of ACTIONS) expect(can('supervisor', a)).toBe(a !== 'plan.file');
  });
  it('every municipal role may view all cases; office_staff may not', () => {
    for (const r of ROLES) expect(can(r, 'case.view_all')).toBe(r !== 'office_staff');
  });
  it('every role has an entry and only known actions', () => {
    for (const r of ROLES) {
      expect(ROLE_PERMISSIONS[r]).toBeDefined();
      for (const a of ROLE_PERMISSIONS[r]) expect(ACTIONS).toContain(a);
    }
  });
});

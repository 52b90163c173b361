/** マイナンバーカード預かり管理 rules (domain/custody/rules.ts): which offices, who handles, take-out refusals, overdue. */
import {
  cardStatus,
  custodyRulesOn,
  DEFAULT_CUSTODY_RULE_VERSIONS,
  isOverdue,
  jstInstant,
  mayEndCustody,
  mayGrantHandler,
  mayHandleCards,
  mayStartCustody,
  officeMayKeepCards,
  parseTimeInput,
  returnDeadline,
  takeOutRefusal,
} from '../../../domain/custody/rules';

const rules = custodyRulesOn(DEFAULT_CUSTODY_RULE_VERSIONS, '2026-11-25');

describe('which offices may keep cards (a setting, 居住・入所系 by default)', () => {
  it('allows the residential kinds and refuses 居宅介護支援, 訪問・通所 and 医療機関', () => {
    for (const t of ['insurance_facility', 'community_nursing_home', 'group_home', 'specified_facility'])
      expect([t, officeMayKeepCards([t], rules)]).toEqual([t, true]);
    for (const t of ['home_care_support', 'home_visit_day_short', 'community_support_center', 'medical_institution'])
      expect([t, officeMayKeepCards([t], rules)]).toEqual([t, false]);
    expect(officeMayKeepCards(['home_visit_day_short', 'insurance_facility'], rules)).toBe(true);
    expect(officeMayKeepCards([], rules)).toBe(false);
  });

  it('an insurer version from a date overlays the default from that day on', () => {
    const versions = [
      ...DEFAULT_CUSTODY_RULE_VERSIONS,
      {
        effectiveFrom: '2027-04-01',
        rules: { serviceTypes: ['insurance_facility' as const], overdue: 'end_of_day' as const },
      },
    ];
    expect(officeMayKeepCards(['group_home'], custodyRulesOn(versions, '2027-03-31'))).toBe(true);
    const later = custodyRulesOn(versions, '2027-04-01');
    expect(officeMayKeepCards(['group_home'], later)).toBe(false);
    expect(later.overdue).toBe('end_of_day');
  });
});

describe('who may handle cards', () => {
  const staff = { role: 'office_staff', officeNo: '4370100045', active: true, granted: true };
  it('only an active, granted staff account of the same office', () => {
    expect(mayHandleCards(staff, '4370100045')).toBe(true);
    expect(mayHandleCards({ ...staff, granted: false }, '4370100045')).toBe(false);
    expect(mayHandleCards({ ...staff, active: false }, '4370100045')).toBe(false);
    expect(mayHandleCards(staff, '4370100011')).toBe(false);
    expect(mayHandleCards({ ...staff, role: 'intake', officeNo: null }, '4370100045')).toBe(false);
  });
  it('only the office administrator names handlers, and only among its own staff', () => {
    expect(mayGrantHandler({ officeNo: '4370100045', officeAdmin: true }, staff)).toBe(true);
    expect(mayGrantHandler({ officeNo: '4370100045', officeAdmin: false }, staff)).toBe(false);
    expect(mayGrantHandler({ officeNo: '4370100011', officeAdmin: true }, staff)).toBe(false);
  });
});

describe('agreements and take-outs', () => {
  it('a custody starts only for a person the office may see, once', () => {
    expect(mayStartCustody({ officeMayView: true, openAgreement: false })).toBe(true);
    expect(mayStartCustody({ officeMayView: false, openAgreement: false })).toBe(false);
    expect(mayStartCustody({ officeMayView: true, openAgreement: true })).toBe(false);
  });

  const base = {
    openAgreement: true,
    status: 'in_custody' as const,
    officeMayView: true,
    takenOutAt: '2026-11-25T01:00:00.000Z',
    expectedReturnAt: '2026-11-25T05:00:00.000Z',
  };
  it('refuses a second take-out while the card is out, and the other reasons in order', () => {
    expect(takeOutRefusal(base)).toBeNull();
    expect(takeOutRefusal({ ...base, status: 'out' })).toBe('already_out');
    expect(takeOutRefusal({ ...base, openAgreement: false, status: 'out' })).toBe('no_agreement');
    expect(takeOutRefusal({ ...base, officeMayView: false })).toBe('not_visible');
    expect(takeOutRefusal({ ...base, expectedReturnAt: base.takenOutAt })).toBe('return_not_after_take_out');
  });

  it('the card is out while a take-out has no return; an agreement ends only with the card in', () => {
    expect(cardStatus([])).toBe('in_custody');
    expect(cardStatus([{ returnedAt: '2026-11-25T02:00:00Z' }, { returnedAt: null }])).toBe('out');
    expect(mayEndCustody({ openAgreement: true, status: 'in_custody' })).toBe(true);
    expect(mayEndCustody({ openAgreement: true, status: 'out' })).toBe(false);
    expect(mayEndCustody({ openAgreement: false, status: 'in_custody' })).toBe(false);
  });
});

describe('overdue', () => {
  // taken out 10:00 JST, expected back 14:00 JST the same day
  const m = { takenOutAt: '2026-11-25T01:00:00.000Z', expectedReturnAt: '2026-11-25T05:00:00.000Z', returnedAt: null };
  const at = (iso: string) => Date.parse(iso);
  it('expected_time: overdue once the expected return time has passed', () => {
    expect(isOverdue(m, at('2026-11-25T05:00:00.000Z'), 'expected_time')).toBe(false);
    expect(isOverdue(m, at('2026-11-25T05:01:00.000Z'), 'expected_time')).toBe(true);
  });
  it('end_of_day: overdue once the day of the take-out has ended in Japan', () => {
    expect(returnDeadline(m, 'end_of_day')).toBe('2026-11-25T15:00:00.000Z');
    expect(isOverdue(m, at('2026-11-25T14:59:00.000Z'), 'end_of_day')).toBe(false);
    expect(isOverdue(m, at('2026-11-25T15:01:00.000Z'), 'end_of_day')).toBe(true);
  });
  it('a return after the deadline stays marked late; one in time does not', () => {
    const late = { ...m, returnedAt: '2026-11-25T06:00:00.000Z' };
    const inTime = { ...m, returnedAt: '2026-11-25T04:00:00.000Z' };
    const muchLater = at('2026-12-01T00:00:00.000Z');
    expect(isOverdue(late, muchLater, 'expected_time')).toBe(true);
    expect(isOverdue(inTime, muchLater, 'expected_time')).toBe(false);
  });
});

describe('times as typed', () => {
  it('reads HH:MM (full-width colon too) and refuses impossible times', () => {
    expect(parseTimeInput('9:05')).toBe('09:05');
    expect(parseTimeInput('14：30')).toBe('14:30');
    for (const bad of ['24:00', '12:60', '1230', '', 'ab:cd']) expect([bad, parseTimeInput(bad)]).toEqual([bad, null]);
  });
  it('a date and time in Japan as an instant', () => {
    expect(jstInstant('2026-11-25', '14:30')).toBe('2026-11-25T05:30:00.000Z');
    expect(jstInstant('2026-11-25', '00:00')).toBe('2026-11-24T15:00:00.000Z');
    expect(() => jstInstant('2026-02-30', '10:00')).toThrow(RangeError);
  });
});

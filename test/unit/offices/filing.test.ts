import {
  DEFAULT_OFFICE_FILING_VERSIONS,
  EXTENDED_PROXY_TYPES,
  officeFilingRefusal,
  officeFilingRulesOn,
} from '../../../domain/offices/filing';

const extendedFrom = (date: string) => [
  ...DEFAULT_OFFICE_FILING_VERSIONS,
  { effectiveFrom: date, rules: { proxyApplication: EXTENDED_PROXY_TYPES } },
];

describe('officeFilingRefusal', () => {
  it('lets the statutory 代行 kinds (法27条1項) file a 代行申請 and refuses a グループホーム by default', () => {
    for (const t of ['home_care_support', 'community_support_center', 'insurance_facility', 'community_nursing_home'])
      expect(officeFilingRefusal('proxy_application', [t], DEFAULT_OFFICE_FILING_VERSIONS, '2026-12-01')).toBeNull();
    expect(officeFilingRefusal('proxy_application', ['group_home'], DEFAULT_OFFICE_FILING_VERSIONS, '2026-12-01')).toBe(
      'この事業所の指定サービス種別では代行申請を提出できません（市の事業所登録を確認してください）',
    );
  });

  it('extends 代行申請 to 特定施設・看護小規模多機能・グループホーム from the insurer’s date, not the day before', () => {
    const v = extendedFrom('2027-04-01');
    for (const t of ['specified_facility', 'nursing_small_multifunction', 'group_home']) {
      expect(officeFilingRefusal('proxy_application', [t], v, '2027-03-31')).not.toBeNull();
      expect(officeFilingRefusal('proxy_application', [t], v, '2027-04-01')).toBeNull();
    }
    // the extension leaves the 居宅届 rule as it was
    expect(officeFilingRulesOn(v, '2027-04-01').planNotification).toEqual(
      officeFilingRulesOn(DEFAULT_OFFICE_FILING_VERSIONS, '2027-04-01').planNotification,
    );
  });

  it('takes 居宅届 only from the plan-making kinds; a hospital or a facility is refused', () => {
    const v = DEFAULT_OFFICE_FILING_VERSIONS;
    expect(officeFilingRefusal('plan_notification', ['home_care_support'], v, '2026-12-01')).toBeNull();
    expect(officeFilingRefusal('plan_notification', ['preventive_support'], v, '2026-12-01')).toBeNull();
    expect(officeFilingRefusal('plan_notification', ['insurance_facility'], v, '2026-12-01')).toMatch(
      /居宅届を提出できません/,
    );
    expect(officeFilingRefusal('plan_notification', ['medical_institution'], v, '2026-12-01')).not.toBeNull();
    expect(officeFilingRefusal('plan_notification', [], v, '2026-12-01')).not.toBeNull();
  });

  it('allows an office with several types when any one of them may file', () => {
    expect(
      officeFilingRefusal(
        'proxy_application',
        ['home_visit_day_short', 'home_care_support'],
        DEFAULT_OFFICE_FILING_VERSIONS,
        '2026-12-01',
      ),
    ).toBeNull();
  });

  it('allows nothing before the first version', () => {
    expect(
      officeFilingRefusal('proxy_application', ['home_care_support'], DEFAULT_OFFICE_FILING_VERSIONS, '1999-01-01'),
    ).not.toBeNull();
  });
});

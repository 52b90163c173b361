import {
  GRANT_CATEGORIES,
  grantCategoriesOf,
  officeKindOf,
  providesCareService,
  SERVICE_TYPE_CODES,
  serviceTypeLabel,
} from '../../../domain/offices/service-types';

describe('指定サービス種別', () => {
  it('puts every care type in one of the seed’s 助成金 categories, and a bare 医療機関 in none', () => {
    expect(grantCategoriesOf(['home_visit_day_short'])).toEqual(['visit_day_short']);
    expect(grantCategoriesOf(['group_home', 'specified_facility'])).toEqual(['residential']);
    expect(grantCategoriesOf(['home_care_support', 'home_visit_day_short'])).toEqual(['visit_day_short', 'other']);
    expect(grantCategoriesOf(['medical_institution'])).toEqual([]);
    expect(GRANT_CATEGORIES.residential).toEqual({ label: '居住・入所系', readers: 2, limitYen: 55_000 });
  });

  it('tells a 介護サービス提供医療機関 from a hospital alone', () => {
    expect(providesCareService(['medical_institution'])).toBe(false);
    expect(providesCareService(['medical_institution', 'home_visit_day_short'])).toBe(true);
    expect(providesCareService(['unknown'])).toBe(false);
  });

  it('derives the office kind the 居宅届 checks read', () => {
    expect(officeKindOf(['home_care_support', 'home_visit_day_short'])).toBe('home_care_support');
    expect(officeKindOf(['community_support_center', 'preventive_support'])).toBe('community_support_center');
    expect(officeKindOf(['insurance_facility'])).toBe('facility');
    expect(officeKindOf(['medical_institution'])).toBe('medical_institution');
    expect(officeKindOf(['medical_institution', 'home_visit_day_short'])).toBe('care_service');
    expect(officeKindOf(['group_home'])).toBe('care_service');
  });

  it('labels every code and passes an unknown one through', () => {
    for (const c of SERVICE_TYPE_CODES) expect(serviceTypeLabel(c)).not.toBe(c);
    expect(serviceTypeLabel('retired_code')).toBe('retired_code');
  });
});

import { mayOpenRequest, medicalScopeOf } from '../../../domain/documents/medical-scope';

const HOSPITAL = '4310100019';
const OTHER = '4310100027';

describe('医療機関の閲覧範囲', () => {
  it('sees nothing of a person it was never sent a 意見書依頼 for', () => {
    expect(medicalScopeOf({ institutionNo: HOSPITAL, serviceTypes: ['medical_institution'], requests: [] })).toBeNull();
  });

  it("sees nothing through another institution's request or an unrouted one", () => {
    const requests = [{ institutionNo: OTHER }, { institutionNo: null }];
    expect(medicalScopeOf({ institutionNo: HOSPITAL, serviceTypes: ['medical_institution'], requests })).toBeNull();
  });

  it('a hospital that provides no care service sees the 被保険者証 level data only', () => {
    expect(
      medicalScopeOf({
        institutionNo: HOSPITAL,
        serviceTypes: ['medical_institution'],
        requests: [{ institutionNo: OTHER }, { institutionNo: HOSPITAL }],
      }),
    ).toEqual({ certificate: true, copayAndBurdenLimit: false });
  });

  it('a hospital that also provides care services sees the 負担割合証 and 負担限度額認定証 as well', () => {
    expect(
      medicalScopeOf({
        institutionNo: HOSPITAL,
        serviceTypes: ['medical_institution', 'home_visit_day_short'],
        requests: [{ institutionNo: HOSPITAL }],
      }),
    ).toEqual({ certificate: true, copayAndBurdenLimit: true });
  });

  it('opens only the requests sent to it', () => {
    expect(mayOpenRequest(HOSPITAL, { institutionNo: HOSPITAL })).toBe(true);
    expect(mayOpenRequest(HOSPITAL, { institutionNo: OTHER })).toBe(false);
    expect(mayOpenRequest(HOSPITAL, { institutionNo: null })).toBe(false);
  });
});

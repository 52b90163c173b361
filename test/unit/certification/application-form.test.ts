import {
  APPLICATION_FIELDS,
  applicationCrossCheck,
  applicationFieldsOf,
  applicationRequestOf,
  type ApplicationForm,
} from '../../../domain/certification/application-form';

const form: ApplicationForm = {
  applicationNo: '20261204-ABC123',
  insuredNo: '0000100003',
  requestedType: 'transfer_in',
  appliedOn: '2026-12-04',
  applicantKind: 'office_proxy',
  applicantName: '宇土 明美',
  applicantOfficeNo: '4370100011',
  identityCheckMethod: '運転免許証',
  doctorName: '宇土 誠',
  doctorClinic: '宇城中央クリニック',
  doctorInstitutionNo: '4310000017',
  doctorPhone: '0964-32-9999',
  residenceKind: 'facility',
  residenceName: '特別養護老人ホーム 不知火苑',
  movedInOn: '2026-11-30',
  transferLevel: 'care_2',
  transferValidTo: '2027-05-31',
  consentGiven: 'yes',
  consentDate: '2026-12-04',
  consentChannel: 'office_proxy',
  consentOfficeNo: '4370100011',
  renewalSkipConsent: false,
  opinionBrought: false,
};

describe('the 申請書 field table', () => {
  it('names every field of the form once', () => {
    const names = APPLICATION_FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(Object.keys({ ...form, levelChangeReason: undefined }).sort());
  });

  it('reads back from the request the service receives what the form gave (so both check the same fields)', () => {
    const request = applicationRequestOf(form, { insurerNo: '432130', displayName: '松橋 花子' });
    const back = applicationFieldsOf(request);
    expect(back).toMatchObject({ ...form, renewalSkipConsent: undefined, opinionBrought: undefined });
    expect(request).not.toHaveProperty('opinionBroughtAtIntake');
    const brought = applicationRequestOf({ ...form, opinionBrought: true }, { insurerNo: '432130', displayName: 'x' });
    expect(brought.opinionBroughtAtIntake).toBe(true);
    expect(applicationFieldsOf(brought).opinionBrought).toBe('on');
    expect(applicationFieldsOf({ ...request, renewalConsentToSkipPostponement: true }).renewalSkipConsent).toBe('on');
  });

  it('reads anything that is not an object as missing fields', () => {
    expect(applicationFieldsOf('x')).toMatchObject({ insuredNo: undefined, doctorName: undefined });
    expect(applicationFieldsOf({ doctor: 'x', consent: { granted: 'yes' } })).toMatchObject({
      doctorName: undefined,
      consentGiven: 'yes',
    });
  });

  it.each([
    [{ applicantKind: 'office_proxy' }, 'applicantOfficeNo'],
    [{ requestedType: 'level_change' }, 'levelChangeReason'],
    [{ requestedType: 'transfer_in' }, 'movedInOn'],
    [{ requestedType: 'transfer_in' }, 'transferLevel'],
    [{ residenceKind: 'hospital' }, 'residenceName'],
    [{ consentGiven: 'yes' }, 'consentDate'],
    [{ consentGiven: 'yes' }, 'consentChannel'],
    [{ consentChannel: 'office_proxy' }, 'consentOfficeNo'],
    [{ doctorName: '宇土 誠' }, 'doctorClinic'],
  ])('needs the field another one calls for: %j → %s', (values, field) => {
    expect(applicationCrossCheck(values).map((e) => e.field)).toContain(field);
    expect(applicationCrossCheck({ ...values, [field]: 'x' }).map((e) => e.field)).not.toContain(field);
  });
});

describe('主治医: a registered 医療機関 or a clinic typed by name', () => {
  it('a picked institution goes to the request (the 意見書依頼 reaches its inbox); no clinic name needed', () => {
    const picked = applicationRequestOf(
      { ...form, doctorClinic: undefined, doctorInstitutionNo: '4310000017' },
      { insurerNo: '432130', displayName: 'x' },
    );
    expect(picked.doctor).toEqual({ name: '宇土 誠', clinic: '', phone: '0964-32-9999', institutionNo: '4310000017' });
    expect(applicationCrossCheck({ doctorInstitutionNo: '4310000017' }).map((e) => e.field)).not.toContain(
      'doctorClinic',
    );
    expect(applicationFieldsOf(picked)).toMatchObject({ doctorClinic: undefined, doctorInstitutionNo: '4310000017' });
  });

  it('a clinic typed by name (paper) has no institution', () => {
    const typed = applicationRequestOf(
      { ...form, doctorInstitutionNo: undefined },
      { insurerNo: '432130', displayName: 'x' },
    );
    expect(typed.doctor.institutionNo).toBeNull();
    expect(applicationCrossCheck({}).find((e) => e.field === 'doctorClinic')?.message).toBe(
      '主治医の医療機関を一覧から選ぶか、医療機関名を入力してください',
    );
  });
});

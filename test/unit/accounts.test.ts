import { type AccountFacts, mayManageAccount, officeRolesFor, passwordProblem } from '../../domain/accounts';

const city = (role: AccountFacts['role'], insurerNo = '432130'): AccountFacts => ({
  role,
  insurerNo,
  officeNo: null,
  officeAdmin: false,
});
const office = (officeNo: string, officeAdmin = false, role: AccountFacts['role'] = 'office_staff'): AccountFacts => ({
  role,
  insurerNo: '432130',
  officeNo,
  officeAdmin,
});

describe('mayManageAccount', () => {
  const supervisor = city('supervisor');
  it('lets the 監督者 manage its own insurer’s city staff and office administrators only', () => {
    expect(mayManageAccount(supervisor, city('intake'))).toBe(true);
    expect(mayManageAccount(supervisor, city('supervisor'))).toBe(true);
    expect(mayManageAccount(supervisor, office('4370100011', true))).toBe(true);
    expect(mayManageAccount(supervisor, office('4370100011', false))).toBe(false);
    expect(mayManageAccount(supervisor, city('intake', '131001'))).toBe(false);
    expect(mayManageAccount(supervisor, { ...office('4370100011', true), insurerNo: '131001' })).toBe(false);
    // a municipal role placed in an office is not city staff
    expect(mayManageAccount(supervisor, { ...city('intake'), officeNo: '4370100011' })).toBe(false);
  });

  it('gives other municipal roles nothing', () => {
    for (const r of ['intake', 'surveyor', 'board_secretariat', 'benefits'] as const)
      expect(mayManageAccount(city(r), city('intake'))).toBe(false);
  });

  it('lets an office administrator manage its own office’s staff, not other offices, admins or the city', () => {
    const admin = office('4370100011', true);
    expect(mayManageAccount(admin, office('4370100011'))).toBe(true);
    expect(mayManageAccount(admin, office('4370100029'))).toBe(false);
    expect(mayManageAccount(admin, office('4370100011', true))).toBe(false);
    expect(mayManageAccount(admin, { ...office('4370100011'), role: 'intake' })).toBe(false);
    expect(mayManageAccount(admin, city('intake'))).toBe(false);
    expect(mayManageAccount(office('4370100011', false), office('4370100011'))).toBe(false);
  });

  it('treats a medical institution’s administrator like an office’s', () => {
    expect(mayManageAccount(office('4310100019', true, 'doctor'), office('4310100019', false, 'doctor'))).toBe(true);
  });
});

describe('officeRolesFor', () => {
  it('gives a hospital doctors, a care office staff, and a care-providing hospital both', () => {
    expect(officeRolesFor(['medical_institution'])).toEqual(['doctor']);
    expect(officeRolesFor(['home_care_support'])).toEqual(['office_staff']);
    expect(officeRolesFor(['medical_institution', 'home_visit_day_short'])).toEqual(['office_staff', 'doctor']);
  });
});

describe('passwordProblem', () => {
  it('needs 12 characters, not the login ID, not one repeated character', () => {
    expect(passwordProblem('short-pass1', 'taro')).toBe('パスワードは12文字以上にしてください');
    expect(passwordProblem('long-enough-pass', 'taro')).toBeNull();
    expect(passwordProblem('xx-Taro-2026-xx', 'taro')).toBe('パスワードにログインIDを含めないでください');
    expect(passwordProblem('aaaaaaaaaaaaaa', 'taro')).toBe('パスワードに同じ文字を繰り返さないでください');
    expect(passwordProblem('a'.repeat(201), 'taro')).toMatch(/200文字以内/);
  });
});

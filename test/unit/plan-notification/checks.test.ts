import {
  checkPlanFiling,
  notificationDate,
  previousAssignmentEndDate,
  REIMBURSEMENT_WARNING,
  requiredOfficeKinds,
  validateIdentityCheck,
  validatePlanNotification,
} from '../../../domain/plan-notification/checks';
import type { IdentityCheck, PlanFiling } from '../../../domain/plan-notification/types';

const identity: IdentityCheck = { method: 'my_number_card', checkedBy: 'staff01', checkedOn: '2026-04-10' };
const valid = {
  filedOn: '2026-04-10',
  startDate: '2026-04-10',
  personExists: true,
  personLevel: 'care_2' as const,
  officeKind: 'home_care_support' as const,
  hasOpenFiling: false,
  change: false,
  identity,
};

describe('requiredOfficeKinds', () => {
  it('maps levels to office kinds', () => {
    expect(requiredOfficeKinds('support_1')).toEqual(['community_support_center', 'preventive_support']);
    expect(requiredOfficeKinds('support_2')).toEqual(['community_support_center', 'preventive_support']);
    expect(requiredOfficeKinds('care_1')).toEqual(['home_care_support']);
    expect(requiredOfficeKinds('care_5')).toEqual(['home_care_support']);
    expect(requiredOfficeKinds('pending').sort()).toEqual([
      'community_support_center',
      'home_care_support',
      'preventive_support',
    ]);
    expect(requiredOfficeKinds('non_applicable')).toEqual([]);
  });
});

describe('validateIdentityCheck', () => {
  it('accepts a card check', () => {
    expect(validateIdentityCheck(identity)).toEqual([]);
  });
  it('two_documents needs at least two non-blank documents', () => {
    expect(
      validateIdentityCheck({ ...identity, method: 'two_documents', documents: ['介護保険被保険者証'] }),
    ).toHaveLength(1);
    expect(
      validateIdentityCheck({ ...identity, method: 'two_documents', documents: ['被保険者証', ' '] }),
    ).toHaveLength(1);
    expect(validateIdentityCheck({ ...identity, method: 'two_documents' })[0].field).toBe('identity.documents');
    expect(
      validateIdentityCheck({ ...identity, method: 'two_documents', documents: ['被保険者証', '健康保険証'] }),
    ).toEqual([]);
  });
  it('needs who and when', () => {
    const errs = validateIdentityCheck({ ...identity, checkedBy: '', checkedOn: '2026-02-30' });
    expect(errs.map((e) => e.field)).toEqual(['identity.checkedBy', 'identity.checkedOn']);
  });
  it('checks the proxy record', () => {
    expect(
      validateIdentityCheck({
        ...identity,
        proxy: { authority: 'power_of_attorney', proxyIdentityMethod: 'photo_id' },
      }),
    ).toEqual([]);
    expect(
      validateIdentityCheck({
        ...identity,
        proxy: { authority: 'friend' as never, proxyIdentityMethod: 'photo_id' },
      })[0].field,
    ).toBe('identity.proxy.authority');
  });
});

describe('validatePlanNotification', () => {
  it('accepts a clean filing', () => {
    expect(validatePlanNotification(valid)).toEqual({ errors: [], warnings: [] });
  });
  it('missing identity', () => {
    expect(validatePlanNotification({ ...valid, identity: null }).errors).toEqual([
      { field: 'identity', message: '本人確認が記録されていません' },
    ]);
  });
  it('unknown person', () => {
    expect(validatePlanNotification({ ...valid, personExists: false }).errors[0].field).toBe('insuredNumber');
  });
  it('no certification or pending application, or 非該当', () => {
    expect(validatePlanNotification({ ...valid, personLevel: null }).errors).toHaveLength(1);
    expect(validatePlanNotification({ ...valid, personLevel: 'non_applicable' }).errors[0].message).toContain('非該当');
  });
  it('office kind must match the level', () => {
    const r = validatePlanNotification({ ...valid, personLevel: 'support_1' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].field).toBe('officeKind');
    expect(r.errors[0].message).toContain('要支援1');
    expect(r.errors[0].message).toContain('地域包括支援センター');
    expect(
      validatePlanNotification({ ...valid, personLevel: 'support_1', officeKind: 'preventive_support' }).errors,
    ).toEqual([]);
    expect(
      validatePlanNotification({ ...valid, personLevel: 'pending', officeKind: 'community_support_center' }).errors,
    ).toEqual([]);
    expect(validatePlanNotification({ ...valid, personLevel: 'pending', officeKind: 'facility' }).errors[0].field).toBe(
      'officeKind',
    );
  });
  it('open filing exists', () => {
    expect(validatePlanNotification({ ...valid, hasOpenFiling: true }).errors[0].message).toContain('処理中');
  });
  it('start date more than a year away is an error; exactly one year is allowed', () => {
    expect(validatePlanNotification({ ...valid, startDate: '2027-04-11' }).errors[0].field).toBe('startDate');
    expect(validatePlanNotification({ ...valid, startDate: '2025-04-09' }).errors[0].field).toBe('startDate');
    expect(validatePlanNotification({ ...valid, startDate: '2027-04-10' }).errors).toEqual([]);
    expect(validatePlanNotification({ ...valid, startDate: '2026-02-30' }).errors[0].field).toBe('startDate');
  });
  it('warns of 償還払い when the start date is before the filing date', () => {
    expect(validatePlanNotification({ ...valid, startDate: '2026-04-09' })).toEqual({
      errors: [],
      warnings: [REIMBURSEMENT_WARNING],
    });
    expect(REIMBURSEMENT_WARNING).toBe('届出日より前のサービスは償還払い（いったん全額自己負担）になります');
  });
  it('a change needs a reason and a valid previous office number', () => {
    expect(validatePlanNotification({ ...valid, change: true }).errors.map((e) => e.field)).toEqual([
      'changeReason',
      'previousOfficeNo',
    ]);
    expect(
      validatePlanNotification({ ...valid, change: true, changeReason: '転居', previousOfficeNo: '123' }).errors.map(
        (e) => e.field,
      ),
    ).toEqual(['previousOfficeNo']);
    expect(
      validatePlanNotification({ ...valid, change: true, changeReason: '転居', previousOfficeNo: '1371234567' }).errors,
    ).toEqual([]);
  });
});

describe('previousAssignmentEndDate / notificationDate', () => {
  it('ends the day before the new start', () => {
    expect(previousAssignmentEndDate('2026-05-01')).toBe('2026-04-30');
    expect(previousAssignmentEndDate('2028-03-01')).toBe('2028-02-29');
    expect(previousAssignmentEndDate('2026-05-15')).toBe('2026-05-14');
  });
  it('届出年月日 follows planNotificationDateBasis', () => {
    const dates = { receivedOn: '2026-04-10', writtenOn: '2026-04-08' };
    expect(notificationDate(dates, { planNotificationDateBasis: 'received' })).toBe('2026-04-10');
    expect(notificationDate(dates, { planNotificationDateBasis: 'written' })).toBe('2026-04-08');
    expect(notificationDate({ receivedOn: '2026-04-10' }, { planNotificationDateBasis: 'written' })).toBe('2026-04-10');
  });
});

describe('checkPlanFiling (the one check the activity and the web run before a workflow starts)', () => {
  const filing: PlanFiling = {
    kind: 'new',
    person: { insuredNo: '0000100001', name: '宇城 太郎', kana: 'ウキ タロウ', birthDate: '1940-04-01' },
    startDate: '2026-04-10',
    notifier: { name: '宇土 明美', relation: 'care_manager' },
    identity,
  };
  const facts = {
    office: { kind: 'home_care_support' as const },
    person: { exists: true, level: 'care_2' as const },
    hasOpenFiling: false,
  };

  it('passes a filing whose facts fit, and names the office when it is not registered', () => {
    expect(checkPlanFiling(filing, '2026-04-10', facts).errors).toEqual([]);
    expect(checkPlanFiling(filing, '2026-04-10', { ...facts, office: null }).errors).toEqual([
      { field: 'office', message: '届出事業所が登録されていません。市にお問い合わせください' },
    ]);
  });

  it('refuses as validatePlanNotification does: unknown person, open filing', () => {
    const unknown = checkPlanFiling(filing, '2026-04-10', { ...facts, person: { exists: false, level: null } });
    expect(unknown.errors).toEqual(
      validatePlanNotification({ ...valid, personExists: false, personLevel: null }).errors,
    );
    expect(unknown.errors.length).toBeGreaterThan(0);
    expect(checkPlanFiling(filing, '2026-04-10', { ...facts, hasOpenFiling: true }).errors.length).toBeGreaterThan(0);
  });

  it('the 代理受領 window follows the insurer setting: warn, refuse, or in time after the result', () => {
    const window = {
      kind: 'or_weeks_after_result' as const,
      weeksAfterResult: 2,
      interimWeeksAfterContract: 1,
      interimBackdateOnNew: false,
      outside: 'refuse' as const,
    };
    const late = { ...facts, agencyReceipt: { window, resultOn: '2026-03-20', pendingType: null } };
    // start 4/10, filed 4/20: back-dated, and more than 2 weeks after the result (3/20) → refused as set
    const refused = checkPlanFiling(filing, '2026-04-20', late);
    expect(refused.errors).toEqual([
      { field: 'startDate', message: '届出が認定結果から2週間を過ぎているため受理できません' },
    ]);
    expect(refused.warnings).toEqual([]);
    const inTime = { ...facts, agencyReceipt: { window, resultOn: '2026-04-10', pendingType: null } };
    expect(checkPlanFiling(filing, '2026-04-20', inTime)).toEqual({ errors: [], warnings: [] });
    const warned = {
      ...late,
      agencyReceipt: { ...late.agencyReceipt, window: { ...window, outside: 'warn' as const } },
    };
    const w = checkPlanFiling(filing, '2026-04-20', warned);
    expect(w.errors).toEqual([]);
    expect(w.warnings).toHaveLength(1);
    expect(w.warnings[0]).toContain('償還払い');
  });

  it('interim use: the contract date on the filing opens the window (区分変更 pending), a 新規 is never back-dated', () => {
    const window = {
      kind: 'before_start' as const,
      weeksAfterResult: 2,
      interimWeeksAfterContract: 1,
      interimBackdateOnNew: false,
      outside: 'refuse' as const,
    };
    const pending = (pendingType: 'level_change' | 'new') => ({
      ...facts,
      agencyReceipt: { window, resultOn: null, pendingType },
    });
    // start 4/10, filed 4/20
    const contracted = { ...filing, contractOn: '2026-04-13' };
    expect(checkPlanFiling(contracted, '2026-04-20', pending('level_change'))).toEqual({ errors: [], warnings: [] });
    expect(
      checkPlanFiling({ ...filing, contractOn: '2026-04-12' }, '2026-04-20', pending('level_change')).errors,
    ).toEqual([{ field: 'startDate', message: '暫定利用の届出が契約日から1週間を過ぎているため受理できません' }]);
    expect(checkPlanFiling(filing, '2026-04-20', pending('level_change')).errors).toHaveLength(1);
    expect(checkPlanFiling(contracted, '2026-04-20', pending('new')).errors[0].message).toContain(
      '新規申請中の暫定利用',
    );
  });
});

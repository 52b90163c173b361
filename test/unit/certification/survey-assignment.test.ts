import {
  mayTakeContractedSurvey,
  pickableOffices,
  pickableSurveyors,
  resolveSurveyAssignment,
  surveyContractRefusal,
} from '../../../domain/certification/survey-assignment';
import { DEFAULT_RULE_VERSIONS, resolveRules, validateCertificationRules } from '../../../domain/certification/rules';

const accounts = [
  { loginId: 'chosa', displayName: '小川 健', role: 'surveyor', active: true },
  { loginId: 'chosa2', displayName: '旧 調査員', role: 'surveyor', active: false },
  { loginId: 'nintei', displayName: '松橋 花子', role: 'intake', active: true },
];
const offices = [
  { officeNo: '4370100011', name: '居宅介護支援事業所 うきの里', serviceTypes: ['home_care_support'] },
  { officeNo: '4370100045', name: '特別養護老人ホーム みすみ苑', serviceTypes: ['insurance_facility'] },
  { officeNo: '4370100099', name: '訪問介護 みどり', serviceTypes: ['home_visit_day_short'] },
  { officeNo: '4310100019', name: '宇城ひかり病院', serviceTypes: ['medical_institution'] },
];
const renewal = { type: 'renewal' as const, accounts, offices };

describe('認定調査員の割当 (the picker and its check)', () => {
  it('lists only active accounts with the 認定調査員 role', () => {
    expect(pickableSurveyors(accounts).map((a) => a.loginId)).toEqual(['chosa']);
  });

  it('lists the offices that may take a contracted survey, and none for a type that may not be contracted', () => {
    expect(mayTakeContractedSurvey(['home_visit_day_short', 'home_care_support'])).toBe(true);
    expect(mayTakeContractedSurvey(['medical_institution'])).toBe(false);
    expect(pickableOffices(offices, 'renewal').map((o) => o.officeNo)).toEqual(['4370100011', '4370100045']);
    expect(pickableOffices(offices, 'level_change')).toHaveLength(2);
    expect(pickableOffices(offices, 'new')).toEqual([]);
    expect(pickableOffices(offices, 'transfer_in', ['new', 'renewal', 'level_change', 'transfer_in'])).toEqual([]);
  });

  it('a municipal pick names the account and assigns the task to it', () => {
    expect(resolveSurveyAssignment({ surveyorKind: 'municipal', surveyorLoginId: 'chosa' }, renewal)).toEqual({
      assignment: { surveyorKind: 'municipal', surveyorName: '小川 健', surveyorLoginId: 'chosa', officeNo: null },
      errors: [],
    });
  });

  it('refuses an account that is not one of the insurer’s active surveyors, or none at all', () => {
    const errorsOf = (loginId: string | null) =>
      resolveSurveyAssignment({ surveyorKind: 'municipal', surveyorLoginId: loginId }, renewal).errors;
    const notListed = [
      { field: 'surveyorLoginId', message: '認定調査員は一覧（この保険者の認定調査員のアカウント）から選んでください' },
    ];
    expect(errorsOf('nintei')).toEqual(notListed); // not a surveyor
    expect(errorsOf('chosa2')).toEqual(notListed); // inactive
    expect(errorsOf('other-insurer')).toEqual(notListed); // not in the insurer's list
    expect(errorsOf(null)).toEqual([{ field: 'surveyorLoginId', message: '認定調査員を選んでください' }]);
    expect(
      resolveSurveyAssignment({ surveyorKind: 'municipal', surveyorLoginId: 'chosa', officeNo: '4370100011' }, renewal)
        .errors,
    ).toEqual([{ field: 'officeNo', message: '市職員の調査では委託先を選びません' }]);
  });

  it('an office pick names the office; only a listed office, only for an allowed type', () => {
    expect(resolveSurveyAssignment({ surveyorKind: 'office', officeNo: '4370100011' }, renewal).assignment).toEqual({
      surveyorKind: 'office',
      surveyorName: '居宅介護支援事業所 うきの里',
      surveyorLoginId: null,
      officeNo: '4370100011',
    });
    const notListed = [
      {
        field: 'officeNo',
        message: '委託先は一覧（事業所台帳の居宅介護支援事業所・介護保険施設等）から選んでください',
      },
    ];
    expect(resolveSurveyAssignment({ surveyorKind: 'office', officeNo: '4370100099' }, renewal).errors).toEqual(
      notListed,
    );
    expect(resolveSurveyAssignment({ surveyorKind: 'office', officeNo: '4398800011' }, renewal).errors).toEqual(
      notListed,
    );
    expect(resolveSurveyAssignment({ surveyorKind: 'office' }, renewal).errors).toEqual([
      { field: 'officeNo', message: '委託先の事業所を選んでください' },
    ]);
    expect(
      resolveSurveyAssignment({ surveyorKind: 'office', officeNo: '4370100011' }, { ...renewal, type: 'new' }).errors,
    ).toEqual([
      {
        field: 'officeNo',
        message: '新規の認定調査は事業所に委託できません（委託できるのは更新・区分変更の調査です）',
      },
    ]);
    expect(
      resolveSurveyAssignment(
        { surveyorKind: 'office', officeNo: '4370100011' },
        { ...renewal, type: 'new', contractTypes: ['new', 'renewal', 'level_change'] },
      ).assignment?.officeNo,
    ).toBe('4370100011');
    expect(
      resolveSurveyAssignment({ surveyorKind: 'office', officeNo: '4370100011', surveyorLoginId: 'chosa' }, renewal)
        .errors,
    ).toEqual([{ field: 'surveyorLoginId', message: '委託の場合、市職員の調査員は選びません' }]);
  });

  it('the setting: default 更新・区分変更, validated as application types', () => {
    const rules = resolveRules(DEFAULT_RULE_VERSIONS, '2026-12-01');
    expect(rules.surveyContractApplicationTypes).toEqual(['renewal', 'level_change']);
    expect(validateCertificationRules(rules)).toEqual([]);
    expect(validateCertificationRules({ ...rules, surveyContractApplicationTypes: ['renewal', 'x'] as never })).toEqual(
      ['surveyContractApplicationTypes は申請区分（new, renewal, level_change, transfer_in）の配列で設定してください'],
    );
    expect(surveyContractRefusal('level_change', [])).toBe(
      '認定調査の事業所への委託は設定で行わないことになっています',
    );
    expect(surveyContractRefusal('renewal')).toBeNull();
  });
});

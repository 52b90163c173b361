import {
  actionErrors,
  actorRefusal,
  allowedActions,
  CERTIFICATION_ACTIONS,
  caseRefusal,
  roleRefusal,
  type CaseView,
} from '../../../domain/certification/actions';
import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../../domain/certification/rules';

const rules = resolveRules(DEFAULT_RULE_VERSIONS, '2026-04-01');
/** A 新規 case applied 2026-11-02, seen on 2026-11-10: surveyor assigned, nothing else done. */
const open: CaseView = {
  type: 'new',
  appliedOn: '2026-11-02',
  today: '2026-11-10',
  ended: false,
  judged: false,
  survey: { surveyorName: '小川 健', completedOn: null, hold: null },
  opinion: { receivedOn: null, hold: null },
  primaryLevel: null,
  boardScheduled: false,
  boardOn: null,
  boardMetOn: null,
  pendingDecisionOn: null,
  postponementDue: false,
  deceasedOn: null,
  previousLevel: null,
  previousValidTo: null,
  rules,
};
const withCase = (over: Partial<CaseView>): CaseView => ({ ...open, ...over });
const messages = (kind: Parameters<typeof actionErrors>[0], values: Record<string, unknown>, c = open) =>
  actionErrors(kind, values, c).map((e) => `${e.field}: ${e.message}`);

describe('roleRefusal: the permission of each action (domain/access)', () => {
  it('names the role and the action when the role may not', () => {
    expect(roleRefusal('surveyor', 'assignSurveyor')).toBe('認定調査員は「認定調査員の割当」を行えません');
    expect(roleRefusal('office_staff', 'withdraw')).toContain('事業所職員');
  });
  it('lets the role that works the step', () => {
    expect(roleRefusal('intake', 'assignSurveyor')).toBeNull();
    expect(roleRefusal('surveyor', 'completeSurvey')).toBeNull();
    expect(roleRefusal('board_secretariat', 'recordSecondaryJudgement')).toBeNull();
  });
});

describe('caseRefusal: when the case allows each action', () => {
  it('nothing once the case has ended or has been judged', () => {
    expect(caseRefusal(withCase({ ended: true }), 'withdraw')).toBe('この申請は既に終了しています');
    expect(caseRefusal(withCase({ judged: true }), 'hold')).toBe('既に審査判定が済んでいるため、この操作はできません');
  });
  it('認定調査: not for 転入, not once done or while on hold, visits only with a surveyor', () => {
    const transfer = withCase({ type: 'transfer_in' });
    for (const k of ['assignSurveyor', 'scheduleSurvey', 'completeSurvey', 'hold', 'resume'] as const) {
      expect(caseRefusal(transfer, k)).toBe('転入者継続の申請には認定調査がありません');
    }
    const done = withCase({ survey: { surveyorName: 'x', completedOn: '2026-11-05', hold: null } });
    expect(caseRefusal(done, 'assignSurveyor')).toBe('認定調査は完了しています');
    expect(caseRefusal(done, 'completeSurvey')).toBe('認定調査は完了しています');
    const held = withCase({ survey: { surveyorName: 'x', completedOn: null, hold: '入院中' } });
    expect(caseRefusal(held, 'scheduleSurvey')).toBe('認定調査は保留中です');
    const unassigned = withCase({ survey: { surveyorName: null, completedOn: null, hold: null } });
    expect(caseRefusal(unassigned, 'scheduleSurvey')).toBe('認定調査員が割り当てられていません');
    expect(caseRefusal(unassigned, 'assignSurveyor')).toBeNull();
  });
  it('主治医意見書: not for 転入, not twice, not while on hold', () => {
    expect(caseRefusal(withCase({ type: 'transfer_in' }), 'receiveOpinion')).toContain('主治医意見書がありません');
    expect(caseRefusal(withCase({ opinion: { receivedOn: '2026-11-05', hold: null } }), 'receiveOpinion')).toBe(
      '主治医意見書は受領済みです',
    );
    expect(caseRefusal(withCase({ opinion: { receivedOn: null, hold: '医師不在' } }), 'receiveOpinion')).toBe(
      '主治医意見書は保留中です',
    );
  });
  it('審査会 after the 一次判定, 二次判定 after the 審査会, 延期通知 only when due, 死亡 once', () => {
    expect(caseRefusal(open, 'scheduleBoard')).toContain('そろっていない');
    expect(caseRefusal(withCase({ primaryLevel: 'care_1' }), 'scheduleBoard')).toBeNull();
    expect(caseRefusal(open, 'recordSecondaryJudgement')).toBe('審査会が割り当てられていません');
    expect(caseRefusal(withCase({ boardScheduled: true }), 'recordSecondaryJudgement')).toBeNull();
    expect(caseRefusal(open, 'recordPostponementNotice')).toContain('延期通知');
    expect(caseRefusal(withCase({ postponementDue: true }), 'recordPostponementNotice')).toBeNull();
    expect(caseRefusal(withCase({ deceasedOn: '2026-11-05' }), 'recordDeath')).toBe('死亡は届出済みです');
  });
  it('allowedActions lists what the case allows now', () => {
    expect(allowedActions(open)).toEqual([
      'assignSurveyor',
      'scheduleSurvey',
      'completeSurvey',
      'receiveOpinion',
      'hold',
      'resume',
      'withdraw',
      'recordDeath',
      'recordMoveOut',
      'reject',
      'recordInterimUse',
    ]);
  });
  it('暫定利用: once per case until the 処分, not for 転入; its 精算 only on an ended case with a self-paid flag', () => {
    const interim = { selfPaid: null };
    expect(caseRefusal(withCase({ interim }), 'recordInterimUse')).toBe('暫定利用は登録済みです');
    expect(caseRefusal(withCase({ type: 'transfer_in' }), 'recordInterimUse')).toContain('転入者継続');
    expect(caseRefusal(withCase({ judged: true }), 'recordInterimUse')).toBeNull();
    expect(caseRefusal(withCase({ ended: true }), 'recordInterimUse')).toBe('この申請は既に終了しています');
    const due = { selfPaid: { settledOn: null } };
    expect(caseRefusal(open, 'settleInterim')).toBe('精算を待つ暫定利用はありません');
    expect(caseRefusal(withCase({ ended: true, interim }), 'settleInterim')).toBe('精算を待つ暫定利用はありません');
    expect(caseRefusal(withCase({ ended: true, interim: due }), 'settleInterim')).toBeNull();
    expect(
      caseRefusal(withCase({ ended: true, interim: { selfPaid: { settledOn: '2026-11-10' } } }), 'settleInterim'),
    ).toBe('精算を待つ暫定利用はありません');
    expect(allowedActions(withCase({ ended: true, interim: due }))).toEqual(['settleInterim']);
  });
  it('暫定利用: the office number, a start date not before the application, a level above 非該当', () => {
    const ok = { officeNo: '4370100011', startOn: '2026-11-05', assumedLevel: 'care_1' };
    expect(messages('recordInterimUse', ok)).toEqual([]);
    expect(messages('recordInterimUse', { ...ok, officeNo: '43701' })).toEqual([
      'officeNo: 暫定利用の事業所の事業所番号は10桁の数字で入力してください',
    ]);
    expect(messages('recordInterimUse', { ...ok, startOn: '2026-11-01' })).toEqual([
      'startOn: サービスの開始日が申請日より前になっています',
    ]);
    expect(messages('recordInterimUse', { ...ok, startOn: '2026-11-02' })).toEqual([]);
    expect(messages('recordInterimUse', { ...ok, assumedLevel: 'non_applicable' })).toEqual([
      'assumedLevel: 見込みの要介護状態区分を選んでください',
    ]);
    expect(messages('settleInterim', { note: '' })).toEqual(['note: 精算の記録を入力してください']);
    expect(roleRefusal('benefits', 'settleInterim')).toBeNull();
    expect(roleRefusal('intake', 'settleInterim')).toBe('認定係は「暫定利用の精算」を行えません');
    expect(roleRefusal('office_staff', 'recordInterimUse')).toBeNull();
    expect(roleRefusal('surveyor', 'recordInterimUse')).not.toBeNull();
  });
});

describe('actionErrors: each field bound', () => {
  const survey = { surveyedOn: '2026-11-09', standardMinutes: 55, dementia: 'IIa' };
  it('a valid 認定調査 passes', () => {
    expect(messages('completeSurvey', survey)).toEqual([]);
  });
  it('基準時間 0–300 minutes, a number', () => {
    expect(messages('completeSurvey', { ...survey, standardMinutes: 0 })).toEqual([]);
    expect(messages('completeSurvey', { ...survey, standardMinutes: 300 })).toEqual([]);
    expect(messages('completeSurvey', { ...survey, standardMinutes: -1 })).toEqual([
      'standardMinutes: 要介護認定等基準時間は0分以上で入力してください',
    ]);
    expect(messages('completeSurvey', { ...survey, standardMinutes: 301 })).toEqual([
      'standardMinutes: 要介護認定等基準時間は300分以下で入力してください',
    ]);
    expect(messages('completeSurvey', { ...survey, standardMinutes: '55' })).toEqual([
      'standardMinutes: 要介護認定等基準時間を数字で入力してください',
    ]);
  });
  it('dates: real, not before the 申請日, and (survey, opinion, death) not in the future', () => {
    expect(messages('completeSurvey', { ...survey, surveyedOn: '2026-02-30' })).toEqual([
      'surveyedOn: 調査実施日を正しい日付（例 令和8年11月25日、R8.11.25）で入力してください',
    ]);
    expect(messages('completeSurvey', { ...survey, surveyedOn: '2026-11-01' })).toEqual([
      'surveyedOn: 調査実施日が申請日より前になっています',
    ]);
    expect(messages('completeSurvey', { ...survey, surveyedOn: '2026-11-11' })).toEqual([
      'surveyedOn: 調査実施日に未来の日付は入力できません',
    ]);
    expect(messages('recordDeath', { diedOn: '2026-11-11' })).toEqual(['diedOn: 死亡日に未来の日付は入力できません']);
    expect(messages('scheduleSurvey', { visitOn: '2026-11-20' })).toEqual([]); // a visit may be planned ahead
    expect(messages('scheduleSurvey', { visitOn: '2026-11-01' })).toEqual([
      'visitOn: 訪問調査日が申請日より前になっています',
    ]);
  });
  it('required fields and options, in field order', () => {
    expect(messages('completeSurvey', { standardMinutes: 55, dementia: 'X' })).toEqual([
      'surveyedOn: 調査実施日を入力してください',
      'dementia: 認知症高齢者の日常生活自立度（調査）を選んでください',
    ]);
    expect(messages('withdraw', { withdrawnOn: '2026-11-10', reason: '  ' })).toEqual([
      'reason: 取下げの理由を入力してください',
    ]);
  });
  it('text lengths', () => {
    expect(messages('reject', { reason: 'あ'.repeat(1000) })).toEqual([]);
    expect(messages('reject', { reason: 'あ'.repeat(1001) })).toEqual([
      'reason: 却下の理由は1000文字以内で入力してください',
    ]);
    expect(messages('scheduleBoard', { panel: 'あ'.repeat(51), boardOn: '2026-11-20' })).toEqual([
      'panel: 合議体は50文字以内で入力してください',
    ]);
  });
  it('委託: a 10-digit office number', () => {
    const office = { surveyorKind: 'office', surveyorName: '小川 健' };
    const renewal = withCase({ type: 'renewal' });
    expect(messages('assignSurveyor', office, renewal)).toEqual(['officeNo: 委託先の事業所番号を入力してください']);
    expect(messages('assignSurveyor', { ...office, officeNo: '12345' }, renewal)).toEqual([
      'officeNo: 委託先の事業所番号は10桁の数字で入力してください',
    ]);
    expect(messages('assignSurveyor', { ...office, officeNo: '4370100011' }, renewal)).toEqual([]);
    expect(messages('assignSurveyor', { surveyorKind: 'municipal', surveyorName: '小川 健' })).toEqual([]);
  });
  it('a municipal surveyor may be named by login ID (the task goes to that inbox); a contracted one may not', () => {
    const municipal = { surveyorKind: 'municipal', surveyorName: '小川 健' };
    expect(messages('assignSurveyor', { ...municipal, surveyorLoginId: 'chosa' })).toEqual([]);
    expect(messages('assignSurveyor', { ...municipal, surveyorLoginId: 'ちょうさ' })).toEqual([
      'surveyorLoginId: 調査員のログインIDは半角英数字で入力してください',
    ]);
    const office = { surveyorKind: 'office', surveyorName: '小川 健', officeNo: '4370100011' };
    expect(messages('assignSurveyor', { ...office, surveyorLoginId: 'chosa' }, withCase({ type: 'renewal' }))).toEqual([
      'surveyorLoginId: 委託の場合、調査員のログインIDは入力しません',
    ]);
  });
  it('委託 of the survey only for the types the insurer allows (default 更新・区分変更, not 新規)', () => {
    const office = { surveyorKind: 'office', surveyorName: 'うきの里', officeNo: '4370100011' };
    expect(messages('assignSurveyor', office)).toEqual([
      'officeNo: 新規の認定調査は事業所に委託できません（委託できるのは更新・区分変更の調査です）',
    ]);
    expect(messages('assignSurveyor', office, withCase({ type: 'level_change' }))).toEqual([]);
    const allowsNew = withCase({ rules: { ...rules, surveyContractApplicationTypes: ['new', 'renewal'] } });
    expect(messages('assignSurveyor', office, allowsNew)).toEqual([]);
    // a case started before the setting existed carries no value: the default applies
    const old = withCase({ type: 'renewal', rules: { ...rules, surveyContractApplicationTypes: undefined as never } });
    expect(messages('assignSurveyor', office, old)).toEqual([]);
    expect(messages('assignSurveyor', { surveyorKind: 'municipal', surveyorName: '小川 健' })).toEqual([]);
  });
  it('保留 and 解除 need the track in the right state', () => {
    const done = withCase({ survey: { surveyorName: 'x', completedOn: '2026-11-05', hold: null } });
    expect(messages('hold', { track: 'survey', reason: '入院' }, done)).toEqual([
      'track: 認定調査は完了しているため保留にできません',
    ]);
    const held = withCase({ opinion: { receivedOn: null, hold: '医師不在' } });
    expect(messages('hold', { track: 'opinion', reason: '再度' }, held)).toEqual([
      'track: 主治医意見書は既に保留中です',
    ]);
    expect(messages('resume', { track: 'opinion' }, held)).toEqual([]);
    expect(messages('resume', { track: 'opinion' })).toEqual(['track: 主治医意見書は保留中ではありません']);
  });
  it('二次判定: months 0–48 integer, then the range of the application type', () => {
    const judged = withCase({ boardScheduled: true, primaryLevel: 'care_1' });
    const j = (months: unknown, finalLevel = 'care_1') =>
      messages('recordSecondaryJudgement', { finalLevel, months }, judged);
    expect(j(6)).toEqual([]);
    expect(j(2.5)).toEqual(['months: 有効期間（月数）は整数で入力してください']);
    expect(j(49)).toEqual(['months: 有効期間（月数）は48以下で入力してください']);
    expect(j(24)).toEqual(['months: 有効期間は3〜12か月の範囲で入力してください（原則6か月）']); // 新規
    expect(j(0, 'non_applicable')).toEqual([]);
  });
  it('延期通知: both fields may be left to the computed defaults', () => {
    expect(messages('recordPostponementNotice', {}, withCase({ postponementDue: true }))).toEqual([]);
    expect(messages('recordPostponementNotice', { reason: 'other' })).toEqual(['reason: 延期理由を選んでください']);
  });
});

test('the actions that end a case are marked danger, and only those', () => {
  const danger = Object.entries(CERTIFICATION_ACTIONS)
    .filter(([, a]) => a.danger)
    .map(([k]) => k);
  expect(danger).toEqual(['withdraw', 'recordDeath', 'recordMoveOut', 'reject']);
});

describe('処分の決定・決裁 (issue 18)', () => {
  const judged = withCase({
    judged: true,
    primaryLevel: 'care_1',
    boardScheduled: true,
    boardOn: '2026-11-09',
    boardMetOn: '2026-11-09',
  });
  it('only after the 二次判定; the 決裁 only while a 処分 waits for it', () => {
    expect(caseRefusal(open, 'decide')).toBe('二次判定が登録されていません');
    expect(caseRefusal(judged, 'decide')).toBeNull();
    expect(caseRefusal(judged, 'approveDecision')).toBe('決裁を待つ処分はありません');
    const pending = withCase({ ...judged, pendingDecisionOn: '2026-11-10' });
    expect(caseRefusal(pending, 'decide')).toBe('処分は係長の決裁を待っています');
    expect(caseRefusal(pending, 'approveDecision')).toBeNull();
  });
  it('the 延期通知 and the endings stay possible until the 処分; the board steps do not', () => {
    expect(caseRefusal(withCase({ ...judged, postponementDue: true }), 'recordPostponementNotice')).toBeNull();
    expect(caseRefusal(judged, 'withdraw')).toBeNull();
    expect(caseRefusal(judged, 'scheduleBoard')).toBe('既に審査判定が済んでいるため、この操作はできません');
  });
  it('roles: 認定係 and 係長 decide, only the 係長 approves', () => {
    expect(roleRefusal('intake', 'decide')).toBeNull();
    expect(roleRefusal('supervisor', 'decide')).toBeNull();
    expect(roleRefusal('board_secretariat', 'decide')).not.toBeNull();
    expect(roleRefusal('intake', 'approveDecision')).not.toBeNull();
    expect(roleRefusal('supervisor', 'approveDecision')).toBeNull();
  });
  it('dates: the 処分 not before the board met, the 決裁 not before the 処分, neither in the future', () => {
    expect(messages('decide', { decidedOn: '2026-11-08' }, judged)).toEqual([
      'decidedOn: 処分（決定）の日が審査会の開催日より前になっています',
    ]);
    expect(messages('decide', {}, judged)).toEqual([]);
    expect(messages('decide', { decidedOn: '2026-11-11' }, judged)).toEqual([
      'decidedOn: 処分（決定）の日に未来の日付は入力できません',
    ]);
    const pending = withCase({ ...judged, pendingDecisionOn: '2026-11-10' });
    expect(messages('approveDecision', { approvedOn: '2026-11-09' }, pending)).toEqual([
      'approvedOn: 決裁の日が処分の決定日より前になっています',
    ]);
  });
  it("二次判定 before the board's scheduled day needs the day it actually met", () => {
    const scheduled = withCase({ primaryLevel: 'care_1', boardScheduled: true, boardOn: '2026-11-16' });
    const values = { finalLevel: 'care_1', months: 6 };
    expect(messages('recordSecondaryJudgement', values, scheduled)[0]).toMatch(/^boardMetOn: 審査会の予定日/);
    expect(messages('recordSecondaryJudgement', { ...values, boardMetOn: '2026-11-10' }, scheduled)).toEqual([]);
  });
});

describe('actorRefusal: a contracted office does the survey actions of its own case only', () => {
  const contracted = withCase({
    survey: { surveyorName: 'うきの里', completedOn: null, hold: null, officeNo: '4370100011' },
  });
  const office = (officeNo: string | null) => ({ role: 'office_staff' as const, officeNo });
  it('lets the office the survey went to schedule and complete it', () => {
    expect(actorRefusal(office('4370100011'), 'completeSurvey', contracted)).toBeNull();
    expect(actorRefusal(office('4370100011'), 'scheduleSurvey', contracted)).toBeNull();
  });
  it('refuses another office, a case surveyed by the city, and every other action', () => {
    expect(actorRefusal(office('4370100029'), 'completeSurvey', contracted)).toBe(
      'この認定調査は貴事業所に委託されていません',
    );
    expect(actorRefusal(office('4370100011'), 'completeSurvey', open)).not.toBeNull();
    expect(actorRefusal(office(null), 'completeSurvey', contracted)).not.toBeNull();
    expect(actorRefusal(office('4370100011'), 'receiveOpinion', contracted)).toContain('事業所職員');
    expect(actorRefusal(office('4370100011'), 'assignSurveyor', contracted)).not.toBeNull();
  });
  it('municipal roles keep their permissions, case or not', () => {
    expect(actorRefusal({ role: 'surveyor', officeNo: null }, 'completeSurvey', contracted)).toBeNull();
    expect(actorRefusal({ role: 'board_secretariat', officeNo: null }, 'completeSurvey')).not.toBeNull();
    // before the case exists the office passes the role check; the validator checks again with the case
    expect(actorRefusal(office('4370100011'), 'completeSurvey')).toBeNull();
  });
});

/** The 居宅届 action table: who may do what in which stage, and the fields' bounds, as the workflow and web use them. */
import type { Actor } from '../../../domain/actor';
import {
  allowedPlanActions,
  planActionRefusal,
  planActionsFor,
  planCommandRefusal,
  planFieldErrors,
  PlanFilingView,
} from '../../../domain/plan-notification/actions';
import type { PlanStage } from '../../../domain/plan-notification/types';

const actor = (role: Actor['role'], officeNo: string | null, insurerNo = '432130'): Actor => ({
  userId: 1,
  loginId: role,
  displayName: role,
  role,
  officeNo,
  insurerNo,
});
const office = actor('office_staff', '4370100011');
const otherOffice = actor('office_staff', '4370100037');
const kyufu = actor('benefits', null);
const otherInsurer = actor('benefits', null, '999999');
const intake = actor('intake', null);
const view = (stage: PlanStage, over: Partial<PlanFilingView> = {}): PlanFilingView => ({
  stage,
  insurerNo: '432130',
  officeNo: '4370100011',
  insuredNo: '0000100002',
  busy: false,
  ...over,
});

test.each<[PlanStage, string[]]>([
  ['new', ['file']],
  ['submitted', ['review', 'accept', 'return', 'withdraw']],
  ['under_review', ['accept', 'return', 'withdraw']],
  ['returned', ['refile', 'withdraw']],
  ['accepted', []],
  ['withdrawn', []],
  ['refused', []],
])('in stage %s the allowed actions are %j', (stage, kinds) => {
  expect(allowedPlanActions(view(stage))).toEqual(kinds);
});

test('nothing is allowed while a filing is being checked', () => {
  expect(allowedPlanActions(view('submitted', { busy: true }))).toEqual([]);
  expect(planActionRefusal('accept', view('submitted', { busy: true }), kyufu)).toBe(
    'この届出は処理中です。しばらくしてからもう一度操作してください',
  );
});

test('the filing office files, refiles and withdraws; the 給付係 reviews, accepts and returns', () => {
  expect(planActionsFor(office, view('submitted'))).toEqual(['withdraw']);
  expect(planActionsFor(kyufu, view('submitted'))).toEqual(['review', 'accept', 'return']);
  expect(planActionsFor(office, view('returned'))).toEqual(['refile', 'withdraw']);
  expect(planActionsFor(kyufu, view('returned'))).toEqual([]);
  expect(planActionsFor(intake, view('submitted'))).toEqual([]);
});

test('roles, offices and insurers are refused with their own message', () => {
  expect(planActionRefusal('accept', view('submitted'), office)).toBe(
    '居宅届を審査する権限がありません（給付係の操作です）',
  );
  expect(planActionRefusal('withdraw', view('submitted'), kyufu)).toBe('居宅届を提出する権限がありません');
  expect(planActionRefusal('withdraw', view('submitted'), otherOffice)).toBe('この居宅届は他の事業所の届出です');
  expect(planActionRefusal('return', view('submitted'), otherInsurer)).toBe('他の保険者の居宅届です');
  expect(planActionRefusal('review', view('under_review'), kyufu)).toBe(
    'この届出は「審査中」のため、この操作はできません',
  );
});

test('返戻 needs a reason of at most 1000 characters, 取下げ one of at most 500; 受理メモ is optional, at most 500', () => {
  expect(planFieldErrors('return', {})).toEqual([{ field: 'reason', message: '返戻の理由を入力してください' }]);
  expect(planFieldErrors('return', { reason: '   ' })).toEqual([
    { field: 'reason', message: '返戻の理由を入力してください' },
  ]);
  expect(planFieldErrors('return', { reason: 'x'.repeat(1000) })).toEqual([]);
  expect(planFieldErrors('return', { reason: 'x'.repeat(1001) })).toEqual([
    { field: 'reason', message: '返戻の理由は1000文字以内で入力してください' },
  ]);
  expect(planFieldErrors('accept', {})).toEqual([]);
  expect(planFieldErrors('accept', { note: 'x'.repeat(501) })).toEqual([
    { field: 'note', message: '受理メモは500文字以内で入力してください' },
  ]);
  expect(planFieldErrors('withdraw', { reason: 'x'.repeat(500) })).toEqual([]);
  expect(planFieldErrors('withdraw', {})).toEqual([{ field: 'reason', message: '取下げの理由を入力してください' }]);
  expect(planFieldErrors('withdraw', { reason: 'x'.repeat(501) })).toEqual([
    { field: 'reason', message: '取下げの理由は500文字以内で入力してください' },
  ]);
});

test('a command is checked for who and when first, then the 被保険者番号 of a refile, then its fields', () => {
  expect(planCommandRefusal('return', view('accepted'), kyufu, {})).toBe(
    'この届出は「受理」のため、この操作はできません',
  );
  expect(planCommandRefusal('return', view('submitted'), kyufu, {})).toBe('返戻の理由を入力してください');
  expect(planCommandRefusal('refile', view('returned'), office, { insuredNo: '0000100003' })).toBe(
    '被保険者番号は再提出で変更できません。取り下げてから新たに届け出てください',
  );
  expect(planCommandRefusal('refile', view('returned'), office, { insuredNo: '0000100002' })).toBeNull();
  expect(planCommandRefusal('return', view('under_review'), kyufu, { reason: '開始日を確認' })).toBeNull();
});

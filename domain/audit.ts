/**
 * 監査ログの操作: every action code the web app records, with the Japanese label the audit log prints. The case and
 * 居宅届 actions take their labels from the action tables, so a new action there has its label here at once. Pure.
 */
import { CERTIFICATION_ACTIONS } from './certification/actions';
import { PLAN_ACTIONS } from './plan-notification/actions';
import { REGISTER_ACTIONS } from './register/actions';

/** Actions that are not a case or 居宅届 action (logins, views of personal data, exports, tasks, intake). */
const OTHER_ACTION_LABELS: Readonly<Record<string, string>> = {
  login: 'ログイン',
  'login.failed': 'ログイン失敗',
  'login.locked': 'ログインの一時停止',
  logout: 'ログアウト',
  'person.view': '被保険者情報の閲覧',
  'person.view.denied': '被保険者情報の閲覧拒否',
  'consent.revoke': '同意の撤回',
  'consent.record': '同意の記録',
  'consent.refused': '同意の記録拒否',
  'registration.request': '担当事業所登録の申請',
  'registration.refused': '担当事業所登録の本人確認不一致',
  'registration.approve': '担当事業所登録の承認',
  'registration.return': '担当事業所登録の差し戻し',
  'registration.end': '担当事業所登録の終了',
  'application.refused': '代行申請の受付拒否',
  'task.claim': '作業の担当',
  'task.release': '作業の担当解除',
  'application.receive': '認定申請の受付',
  'case.view': '案件の閲覧',
  'case.view.denied': '案件の閲覧拒否',
  'case.history': 'ワークフロー履歴の閲覧',
  'history.decode': 'ワークフロー履歴の復号（Temporal Web UI）',
  'dashboard.export': '法定期限超過一覧のCSV出力',
  'audit.export': '監査ログのCSV出力',
  'insurer.update': '保険者の設定の変更',
  'office.create': '事業所の登録',
  'office.update': '事業所の変更',
  'account.create': 'アカウントの作成',
  'account.update': 'アカウントの変更',
  'account.disable': 'アカウントの利用停止',
  'account.password_reset': 'パスワードの再設定',
  'account.password_change': 'パスワードの変更',
  'plan.refused': '居宅届: 受付時の確認で不受理',
  'register.import': '台帳: 基幹システムからの取込',
  'register.card_surrender': '台帳: 被保険者証の返納（資格者証の交付）',
  'kokuhoren.export': '国保連: 受給者異動ファイルの作成',
  'certification.cancel': '認定取消の記録（通知書の発行）',
  'certification.cancel_refused': '認定取消の申出を受け付けず（取消できない理由あり）',
  'certification.cancel_notice': '認定取消通知書の表示',
  'kokuhoren.download': '国保連: 受給者異動ファイルのダウンロード',
  'opinion.view': '主治医意見書: 閲覧',
  'opinion.draft': '主治医意見書: 医療機関の下書き保存',
  'opinion.submit': '主治医意見書: 医療機関が電子提出',
  'opinion.check': '主治医意見書: 確認（受領）',
  'opinion.return': '主治医意見書: 医療機関へ差し戻し',
  'opinion.key_in': '主治医意見書: 紙の意見書を入力',
  'opinion.key_in_draft': '主治医意見書: 紙の意見書の入力を一時保存',
  'self.identify': '本人の閲覧: 本人確認',
  'self.identify.failed': '本人の閲覧: 本人確認の失敗',
  'self.identify.locked': '本人の閲覧: 本人確認の一時停止',
  'self.logout': '本人の閲覧: 終了',
  'self.view': '本人の閲覧: 閲覧',
  'document.view': '認定資料（認定調査票・主治医意見書）の閲覧',
  'survey.draft': '認定調査票の下書き保存',
  'survey.complete': '認定調査票の完了',
  'survey.correct': '認定調査票の訂正',
  'disclosure.request': '資料提供申請',
  'disclosure.grant': '資料提供の決定（提供）',
  'disclosure.refuse': '資料提供の決定（不提供）',
  'disclosure.copy': '資料提供: 写しの発行',
  'custody.list': 'カード預かり: 管理簿の閲覧',
  'custody.view': 'カード預かり: 持ち出し履歴の閲覧',
  'custody.start': 'カード預かり: 預かりの登録',
  'custody.start_refused': 'カード預かり: 預かりの登録拒否',
  'custody.take_out': 'カード預かり: 持ち出し',
  'custody.take_out_refused': 'カード預かり: 持ち出しの拒否',
  'custody.return': 'カード預かり: 返却',
  'custody.end': 'カード預かり: 預かりの終了',
  'custody.refused': 'カード預かり: 取扱者・管理者以外の操作拒否',
  'custody.handlers': 'カード預かり: 取扱者の閲覧',
  'custody.handler_grant': 'カード預かり: 取扱者の指定',
  'custody.handler_revoke': 'カード預かり: 取扱者の解除',
};

/** Every action code the app records → its label, in the order the audit log's filter offers them. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  ...OTHER_ACTION_LABELS,
  ...Object.fromEntries(Object.entries(CERTIFICATION_ACTIONS).map(([kind, a]) => [`case.${kind}`, `認定: ${a.label}`])),
  ...Object.fromEntries(Object.entries(PLAN_ACTIONS).map(([kind, a]) => [`plan.${kind}`, `居宅届: ${a.label}`])),
  ...Object.fromEntries(Object.entries(REGISTER_ACTIONS).map(([kind, a]) => [`register.${kind}`, `台帳: ${a.label}`])),
};

/** The label of an action code, or null for a code the table does not know. */
export function auditActionLabel(code: string): string | null {
  return Object.prototype.hasOwnProperty.call(AUDIT_ACTION_LABELS, code) ? AUDIT_ACTION_LABELS[code] : null;
}

/**
 * お知らせ to care offices on a certification case: the result (認定・非該当・却下) and each 延期通知. The office that filed
 * a 代行申請 gets them from the workflow's own steps; the person's current plan office (担当事業所) gets the same ones
 * from the read-model writer, which reads the step's event through officeNoticeFor.
 */

/** The titles of the お知らせ, by their entry in the workflow's task table. */
export const OFFICE_NOTICE_TITLES = {
  'office-result': '認定結果が出ました',
  'office-postponement': '延期通知が発行されました',
} as const;
export type OfficeNoticeKey = keyof typeof OFFICE_NOTICE_TITLES;

/** Events that issue the 結果通知書 (the decision's 通知, or a 却下 ending) and so tell the offices the result. */
const RESULT_EVENTS = new Set(['notified', 'rejected', 'rejected_deceased']);

/**
 * The お知らせ a certification event sends to the person's offices: the task key (as the workflow names it, so the
 * filing office's and the plan office's notices pair up) and its entry in the task table; null for other events.
 */
export function officeNoticeFor(event: {
  type: string;
  payload?: Record<string, unknown>;
}): { key: string; taskKey: OfficeNoticeKey } | null {
  if (RESULT_EVENTS.has(event.type)) return { key: 'office-result', taskKey: 'office-result' };
  const n = event.payload?.n;
  if (event.type === 'postponement_notified' && typeof n === 'number') {
    return { key: `office-postponement-${n}`, taskKey: 'office-postponement' };
  }
  return null;
}

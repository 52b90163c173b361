/** The 処分 on the case page before it is made (issue 18: the decision is a human act, previewed). */
import { CARE_LEVEL_LABELS } from '../../domain/glossary';
import type { CertificationSnapshot } from '../../workflows/certification/messages';

/**
 * 処分の内容 before it is made: what the 結果通知書 will say (result, 有効期間, reason), shown beside the 決定・決裁
 * forms; the 認定年月日 is the day of the 決定, or of the 決裁 when one is needed.
 */
export function proposalView(
  p: CertificationSnapshot['proposedDecision'] | undefined,
  pending: CertificationSnapshot['pendingDecision'] | undefined,
) {
  if (!p) return null;
  const level = `${CARE_LEVEL_LABELS[p.level] ?? p.level}${p.outcome === 'deemed_renewal' ? '（みなし更新）' : ''}`;
  const result =
    p.outcome === 'non_applicable' ? '非該当' : p.outcome === 'rejected_no_change' ? '却下（変更なし）' : level;
  return {
    result,
    validFrom: p.validFrom,
    validTo: p.validTo,
    reason: p.reason,
    certifiedOn: pending ? '決裁の日' : '決定の日',
    proposedOn: pending?.decidedOn ?? null,
  };
}

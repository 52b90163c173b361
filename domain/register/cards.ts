/**
 * 被保険者証と資格者証: which card the person holds. A person who applies (新規・更新・区分変更) hands in the 被保険者証
 * and receives a 資格者証, which stands in for it until the decision; a certification decided on or after the hand-in
 * gives a new 被保険者証. Pure.
 */
import type { IsoDate } from '../certification/types';
import { compareDates } from '../dates';

export type CardKind = 'insured_card' | 'qualification_card';

export const CARD_KIND_LABELS: Readonly<Record<CardKind, string>> = {
  insured_card: '介護保険被保険者証',
  qualification_card: '介護保険資格者証',
};

/** The card in force: a 資格者証 from a hand-in with no certification decided since, else the 被保険者証. */
export function cardInForce(input: { surrenderedOn: IsoDate | null; certifiedOn: IsoDate | null }): CardKind {
  if (!input.surrenderedOn) return 'insured_card';
  if (input.certifiedOn && compareDates(input.certifiedOn, input.surrenderedOn) >= 0) return 'insured_card';
  return 'qualification_card';
}

/**
 * 資格の状態 (被保険者の資格喪失): 死亡, 転出 or 適用除外 end a person's status in the register, entered on the 資格喪失
 * page or recorded in a certification case. From then no renewal reminder, no new filing, and the offices'
 * registrations end. Pure.
 */
import type { IsoDate } from '../certification/types';
import { compareDates } from '../dates';

/** 資格喪失の事由 (the status the person takes). */
export const LOSS_REASONS = ['deceased', 'moved_out', 'excluded'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

/** 資格喪失の事由 → label. */
export const LOSS_REASON_LABELS: Readonly<Record<LossReason, string>> = {
  deceased: '死亡',
  moved_out: '転出',
  excluded: '適用除外',
};

/** A loss as a case step records it: 死亡の届出 (diedOn) or 転出 (movedOutOn); null for any other step. */
export function lossFromCaseEvent(
  type: string,
  payload: Record<string, unknown> | undefined,
): { reason: LossReason; lostOn: IsoDate } | null {
  const p = payload ?? {};
  if ((type === 'deceased' || type === 'rejected_deceased') && typeof p.diedOn === 'string')
    return { reason: 'deceased', lostOn: p.diedOn };
  if (type === 'moved_out' && typeof p.movedOutOn === 'string') return { reason: 'moved_out', lostOn: p.movedOutOn };
  return null;
}

/** The form's problem with a 資格喪失日, in Japanese, or null: not in the future, not before birth. */
export function lossDateProblem(lostOn: IsoDate, today: IsoDate, birthDate: IsoDate | null): string | null {
  if (compareDates(lostOn, today) > 0) return '資格喪失日に未来の日付は入力できません';
  if (birthDate && compareDates(lostOn, birthDate) < 0) return '資格喪失日が生年月日より前です';
  return null;
}

/** Whether the person's status lets anything new start (a reminder, a filing, a registration). */
export function statusActive(status: string): boolean {
  return status === 'active';
}

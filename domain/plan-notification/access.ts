/** Who may see and file 居宅届: pure predicates for the web's service [S34] [S67]. */
import { can, mayReadPlanNotification } from '../access';
import type { Actor } from '../actor';

/** How a filing answers an actor: shown, hidden (404: another office's filing is not disclosed) or forbidden (403). */
export type PlanVisibility = 'visible' | 'hidden' | 'forbidden';

/** The filing as access needs it: its insurer and the office that filed it. */
export interface PlanFilingOwner {
  insurerNo: string;
  filedByOfficeNo: string | null;
}

/** Office staff see their own office's filings; municipal staff who review 居宅届 (plan.review) see their insurer's. */
export function planVisibility(actor: Actor, filing: PlanFilingOwner): PlanVisibility {
  if (filing.insurerNo !== actor.insurerNo) return 'hidden';
  if (actor.role === 'office_staff') return filing.filedByOfficeNo === actor.officeNo ? 'visible' : 'hidden';
  return mayReadPlanNotification(actor.role) ? 'visible' : 'forbidden';
}

/** A user may file a 居宅届 only with the permission and as a registered office (the 事業所 comes from the session). */
export function mayFilePlan(actor: Actor): boolean {
  return can(actor.role, 'plan.file') && actor.officeNo !== null && actor.officeNo !== '';
}

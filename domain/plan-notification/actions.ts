/**
 * The 居宅届 actions, one table: each action's fields (label, bounds), the stages that allow it and the role and
 * scope that may perform it, over a read-only view of the filing. The workflow's validators and the web's forms are
 * both derived from it [S67] [S72].
 */
import type { Action as Permission } from '../access';
import { can } from '../access';
import type { Actor } from '../actor';
import type { FieldError } from '../certification/intake';
import {
  PLAN_NOTIFICATION_ACTION_LABELS,
  PLAN_NOTIFICATION_FIELD_LABELS,
  PLAN_NOTIFICATION_STAGE_LABELS,
} from '../glossary';
import type { PlanActionKind, PlanStage } from './types';

/** A free-text input: its Japanese label, whether it must be filled in, its maximum length. */
export interface PlanTextField {
  readonly label: string;
  readonly required: boolean;
  readonly max: number;
}

/** What an action may see of a filing. */
export interface PlanFilingView {
  readonly stage: PlanStage;
  readonly insurerNo: string;
  /** 事業所番号 of the filing office. */
  readonly officeNo: string;
  /** 被保険者番号 of the current round (null before the first). */
  readonly insuredNo: string | null;
  /** True while a (re)filing is being checked: every other action waits. */
  readonly busy: boolean;
}

/** One action: who (the filing office or the 給付係), with which permission, in which stages, with which fields. */
export interface PlanActionSpec {
  readonly label: string;
  readonly side: 'office' | 'reviewer';
  readonly permission: Permission;
  readonly stages: readonly PlanStage[];
  readonly fields: Readonly<Record<string, PlanTextField>>;
}

const F = PLAN_NOTIFICATION_FIELD_LABELS;
const A = PLAN_NOTIFICATION_ACTION_LABELS;
const OPEN = ['submitted', 'under_review'] as const;

/** Every 居宅届 action. The filing itself (file, refile) is a PlanFiling checked by validatePlanNotification. */
export const PLAN_ACTIONS = {
  file: { label: A.file, side: 'office', permission: 'plan.file', stages: ['new'], fields: {} },
  refile: { label: A.refile, side: 'office', permission: 'plan.file', stages: ['returned'], fields: {} },
  review: { label: A.review, side: 'reviewer', permission: 'plan.review', stages: ['submitted'], fields: {} },
  accept: {
    label: A.accept,
    side: 'reviewer',
    permission: 'plan.review',
    stages: OPEN,
    fields: { note: { label: F.acceptNote, required: false, max: 500 } },
  },
  return: {
    label: A.return,
    side: 'reviewer',
    permission: 'plan.review',
    stages: OPEN,
    fields: { reason: { label: F.returnReason, required: true, max: 1000 } },
  },
  withdraw: {
    label: A.withdraw,
    side: 'office',
    permission: 'plan.file',
    stages: [...OPEN, 'returned'],
    // A reason is asked for: 取下げ cannot be undone, and the 給付係 reads why.
    fields: { reason: { label: F.withdrawReason, required: true, max: 500 } },
  },
} as const satisfies { readonly [K in PlanActionKind]: PlanActionSpec };

/** The free-text fields of the filing form (届出・再提出) and their bounds. */
export const PLAN_FILING_TEXT_FIELDS = {
  personName: { label: F.personName, required: true, max: 100 },
  changeReason: { label: F.changeReason, required: false, max: 500 },
  notifierName: { label: F.notifierName, required: true, max: 100 },
  identityDocument: { label: F.identityDocument, required: false, max: 50 },
  identityCheckedBy: { label: F.identityCheckedBy, required: true, max: 100 },
} as const satisfies Record<string, PlanTextField>;

/** One action's row of the table, as the common shape. */
export function specOf(kind: PlanActionKind): PlanActionSpec {
  return PLAN_ACTIONS[kind];
}

/** The message for an empty required field. */
export function requiredMessage(field: PlanTextField): string {
  return `${field.label}を入力してください`;
}

/** The message for a field over its bound. */
export function tooLongMessage(field: PlanTextField): string {
  return `${field.label}は${field.max}文字以内で入力してください`;
}

/** The stage allows the action (whoever asks); nothing is allowed while a filing is being checked. */
export function stageAllows(kind: PlanActionKind, view: Pick<PlanFilingView, 'stage' | 'busy'>): boolean {
  return !view.busy && specOf(kind).stages.includes(view.stage);
}

/** The actions the stage allows now, in table order (the snapshot's allowedActions). */
export function allowedPlanActions(view: Pick<PlanFilingView, 'stage' | 'busy'>): PlanActionKind[] {
  return (Object.keys(PLAN_ACTIONS) as PlanActionKind[]).filter((k) => stageAllows(k, view));
}

/**
 * Why `actor` may not perform `kind` on this filing now (role, office or insurer, stage), in Japanese; null when
 * they may. The filing office acts only on its own filings; the 給付係 only within their insurer.
 */
export function planActionRefusal(kind: PlanActionKind, view: PlanFilingView, actor: Actor): string | null {
  const spec = specOf(kind);
  if (spec.side === 'office') {
    if (!can(actor.role, spec.permission)) return '居宅届を提出する権限がありません';
    if (actor.insurerNo !== view.insurerNo || actor.officeNo !== view.officeNo)
      return 'この居宅届は他の事業所の届出です';
  } else {
    if (!can(actor.role, spec.permission)) return '居宅届を審査する権限がありません（給付係の操作です）';
    if (actor.insurerNo !== view.insurerNo) return '他の保険者の居宅届です';
  }
  if (view.busy) return 'この届出は処理中です。しばらくしてからもう一度操作してください';
  if (!spec.stages.includes(view.stage)) {
    return `この届出は「${PLAN_NOTIFICATION_STAGE_LABELS[view.stage]}」のため、この操作はできません`;
  }
  return null;
}

/** The actions `actor` may perform on this filing now (the buttons a page shows). */
export function planActionsFor(actor: Actor, view: PlanFilingView): PlanActionKind[] {
  return (Object.keys(PLAN_ACTIONS) as PlanActionKind[]).filter((k) => planActionRefusal(k, view, actor) === null);
}

/** The action's fields checked against their bounds (blank counts as empty). */
export function planFieldErrors(kind: PlanActionKind, values: Readonly<Record<string, unknown>>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, field] of Object.entries(specOf(kind).fields)) {
    const raw = values[name];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '' && field.required) errors.push({ field: name, message: requiredMessage(field) });
    else if (value.length > field.max) errors.push({ field: name, message: tooLongMessage(field) });
  }
  return errors;
}

/**
 * The workflow's check of one command: who and when (planActionRefusal), the fields, and for 再提出 the
 * 被保険者番号, which cannot change (a different person is a new filing). Null when the command may run.
 */
export function planCommandRefusal(
  kind: PlanActionKind,
  view: PlanFilingView,
  actor: Actor,
  values: Readonly<Record<string, unknown>> & { insuredNo?: string },
): string | null {
  const refusal = planActionRefusal(kind, view, actor);
  if (refusal) return refusal;
  if (kind === 'refile' && values.insuredNo !== view.insuredNo) {
    return '被保険者番号は再提出で変更できません。取り下げてから新たに届け出てください';
  }
  return planFieldErrors(kind, values)[0]?.message ?? null;
}

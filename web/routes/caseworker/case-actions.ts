/**
 * The action forms of a certification case, derived from the action table (domain/certification/actions): one zod
 * schema and one field list per action kind, and which forms a user sees for which open task (the contract's task
 * table, workflows/certification/messages.ts).
 */
import { z } from 'zod';
import type { Role } from '../../../domain/certification/types';
import { can } from '../../../domain/access';
import {
  CERTIFICATION_ACTION_KINDS,
  CERTIFICATION_ACTIONS,
  isCertificationActionKind,
  type ActionField,
} from '../../../domain/certification/actions';
import { fieldSchema, tableSchema } from '../../action-form';
import type { FieldChoices } from '../../services/survey-assignment';
import {
  certificationTask,
  type CertificationAction,
  type CertificationActionKind,
} from '../../../workflows/certification/messages';

/** Form body → action values for one kind, with the table's checks across fields. */
function formSchema(kind: CertificationActionKind): z.ZodType {
  const spec = CERTIFICATION_ACTIONS[kind];
  return z.object(Object.fromEntries(spec.fields.map((f) => [f.name, fieldSchema(f)]))).superRefine((v, ctx) => {
    for (const e of spec.crossCheck?.(v) ?? []) ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
  });
}

/**
 * 認定調査員の割当 is picked, not typed (issue 18): the form posts the kind and the chosen account or office, both
 * listed from the insurer's own accounts and office register, and the service resolves and checks the pick
 * (web/services/survey-assignment.ts) before it sends the table's action with the name filled in.
 */
const SURVEYOR_PICKER_FIELDS: readonly ActionField[] = [
  CERTIFICATION_ACTIONS.assignSurveyor.fields.find((f) => f.name === 'surveyorKind')!,
  {
    name: 'surveyorLoginId',
    label: '認定調査員（市職員）',
    type: 'text',
    maxLength: 50,
    hint: '市職員が調査する場合。選んだ方の受信箱に調査の業務が届きます',
  },
  {
    name: 'officeNo',
    label: '委託先の事業所',
    type: 'text',
    maxLength: 10,
    hint: '委託の場合。事業所台帳の居宅介護支援事業所・介護保険施設等（更新・区分変更の調査のみ）',
  },
];

/** The fields a kind's web form has: the picker for the survey assignment, the table's fields otherwise. */
function webFields(kind: CertificationActionKind): readonly ActionField[] {
  return kind === 'assignSurveyor' ? SURVEYOR_PICKER_FIELDS : CERTIFICATION_ACTIONS[kind].fields;
}

const SCHEMAS = new Map(
  CERTIFICATION_ACTION_KINDS.map((kind) => [
    kind,
    kind === 'assignSurveyor' ? tableSchema(SURVEYOR_PICKER_FIELDS) : formSchema(kind),
  ]),
);

export const ACTION_KINDS: readonly CertificationActionKind[] = CERTIFICATION_ACTION_KINDS;

export function isActionKind(k: string): k is CertificationActionKind {
  return isCertificationActionKind(k);
}

export function actionSchema(kind: CertificationActionKind): z.ZodType {
  return SCHEMAS.get(kind)!;
}

/** Builds the action from parsed form values. */
export function toAction(kind: CertificationActionKind, values: Record<string, unknown>): CertificationAction {
  return { kind, ...values } as CertificationAction;
}

type FormField = Omit<ActionField, 'pattern' | 'options'> & { options?: { value: string; label: string }[] };

/** The field list the action-form partial renders: the table's, with the unit in the label. */
function formFields(kind: CertificationActionKind): FormField[] {
  return webFields(kind).map(({ pattern: _pattern, options, ...f }) => ({
    ...f,
    label: f.unit ? `${f.label}（${f.unit}）` : f.label,
    ...(options ? { options: [...options] } : {}),
  }));
}

/** Actions that are not tied to a task: hold/resume and the endings. */
const GENERAL_KINDS: CertificationActionKind[] = [
  'hold',
  'resume',
  'withdraw',
  'recordDeath',
  'recordMoveOut',
  'reject',
  'recordInterimUse',
];

/** One rendered form: kind, label, fields with the values and errors to show, and a fresh requestId. */
export interface ActionFormView {
  kind: CertificationActionKind;
  label: string;
  danger: boolean;
  requestId: string;
  fields: (FormField & {
    id: string;
    value: string;
    checked: boolean;
    error: string | null;
    options?: { value: string; label: string; selected: boolean }[];
  })[];
}

export function actionForm(
  kind: CertificationActionKind,
  newRequestId: () => string,
  state?: { values?: Record<string, unknown>; errors?: Record<string, string>; requestId?: string },
  choices?: FieldChoices,
): ActionFormView {
  const v = state?.values ?? {};
  return {
    kind,
    label: CERTIFICATION_ACTIONS[kind].label,
    danger: CERTIFICATION_ACTIONS[kind].danger,
    requestId: state?.requestId ?? newRequestId(),
    fields: formFields(kind).map((plain) => {
      const listed = choices?.[plain.name];
      const f: FormField = listed ? { ...plain, type: 'select', options: [...listed] } : plain;
      const value = typeof v[f.name] === 'string' ? (v[f.name] as string) : '';
      return {
        ...f,
        id: `${kind}-${f.name}`,
        value,
        checked: value === 'on',
        error: state?.errors?.[f.name] ?? null,
        options: f.options?.map((o) => ({ ...o, selected: o.value === value })),
      };
    }),
  };
}

/**
 * Which forms to offer: the task forms of each open task, and the general ones; only what the role may do and,
 * when the live snapshot is known, what the workflow currently accepts (the Update validator decides in the end).
 */
export function offeredActions(input: {
  role: Role;
  /** the case takes actions: open, or ended with a 暫定利用 waiting for its 精算 */
  caseOpen: boolean;
  /** tasks.task_key of each open task */
  openTaskKeys: (string | null)[];
  allowed: CertificationActionKind[] | null;
}): { byTask: Map<string | null, CertificationActionKind[]>; general: CertificationActionKind[] } {
  const ok = (k: CertificationActionKind) =>
    input.caseOpen &&
    can(input.role, CERTIFICATION_ACTIONS[k].permission) &&
    (input.allowed == null || input.allowed.includes(k));
  const byTask = new Map<string | null, CertificationActionKind[]>();
  for (const key of input.openTaskKeys) byTask.set(key, (certificationTask(key)?.actions ?? []).filter(ok));
  return { byTask, general: GENERAL_KINDS.filter(ok) };
}

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
  fieldMessage,
  isCertificationActionKind,
  type ActionField,
} from '../../../domain/certification/actions';
import { dateField } from '../../action-form';
import {
  certificationTask,
  type CertificationAction,
  type CertificationActionKind,
} from '../../../workflows/certification/messages';

/** The zod type of one field: form strings parsed to the action's types, with the table's bounds and messages. */
function fieldSchema(f: ActionField): z.ZodType {
  const error = fieldMessage.required(f);
  let t: z.ZodType;
  switch (f.type) {
    case 'date':
      // Same messages as fieldMessage.required / fieldMessage.date, and 和暦 input becomes an IsoDate.
      t = dateField(f.label);
      break;
    case 'number': {
      let n = z.coerce.number({ error: fieldMessage.number(f) });
      if (f.integer) n = n.int(fieldMessage.integer(f));
      if (f.min != null) n = n.min(f.min, fieldMessage.min(f));
      if (f.max != null) n = n.max(f.max, fieldMessage.max(f));
      t = n;
      break;
    }
    case 'select':
      t = z.enum(f.options!.map((o) => o.value) as [string, ...string[]], { error });
      break;
    case 'checkbox':
      return z
        .literal('on')
        .optional()
        .transform((v) => v === 'on');
    default: {
      let x = z.string({ error });
      if (f.maxLength != null) x = x.max(f.maxLength, fieldMessage.maxLength(f));
      if (f.pattern) x = x.regex(f.pattern.regex, f.pattern.message);
      t = x;
    }
  }
  return f.required ? t : t.optional();
}

/** Form body → action values for one kind, with the table's checks across fields. */
function formSchema(kind: CertificationActionKind): z.ZodType {
  const spec = CERTIFICATION_ACTIONS[kind];
  return z.object(Object.fromEntries(spec.fields.map((f) => [f.name, fieldSchema(f)]))).superRefine((v, ctx) => {
    for (const e of spec.crossCheck?.(v) ?? []) ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
  });
}
const SCHEMAS = new Map(CERTIFICATION_ACTION_KINDS.map((kind) => [kind, formSchema(kind)]));

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
  return CERTIFICATION_ACTIONS[kind].fields.map(({ pattern: _pattern, options, ...f }) => ({
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
): ActionFormView {
  const v = state?.values ?? {};
  return {
    kind,
    label: CERTIFICATION_ACTIONS[kind].label,
    danger: CERTIFICATION_ACTIONS[kind].danger,
    requestId: state?.requestId ?? newRequestId(),
    fields: formFields(kind).map((f) => {
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

/**
 * The action forms of a certification case: one zod schema and one field list per Update kind
 * (workflows/certification/messages.ts), and which forms a user sees for which open task.
 */
import { z } from 'zod';
import type { Role } from '../../../domain/certification/types';
import { CARE_LEVELS, DEMENTIA_INDEPENDENCE, POSTPONEMENT_REASONS } from '../../../domain/certification/types';
import { can } from '../../../domain/access';
import { isValidIsoDate } from '../../../domain/dates';
import { CARE_LEVEL_LABELS, DEMENTIA_LABELS, POSTPONEMENT_REASON_LABELS } from '../../../domain/glossary';
import {
  CERTIFICATION_ACTION_LABELS,
  CERTIFICATION_ACTION_PERMISSIONS,
  type CertificationAction,
  type CertificationActionKind,
} from '../../../workflows/certification/messages';

const requiredDate = (label: string) =>
  z
    .string({ error: `${label}を入力してください` })
    .refine(isValidIsoDate, `${label}を正しい日付（例 2026-11-25）で入力してください`);
const optionalDate = (label: string) =>
  z.string().refine(isValidIsoDate, `${label}を正しい日付（例 2026-11-25）で入力してください`).optional();
const requiredText = (label: string, max = 200) =>
  z.string({ error: `${label}を入力してください` }).max(max, `${label}は${max}文字以内で入力してください`);
const optionalText = (label: string, max = 2000) =>
  z.string().max(max, `${label}は${max}文字以内で入力してください`).optional();
const track = z.enum(['survey', 'opinion'], { error: '対象（認定調査・主治医意見書）を選んでください' });
const dementia = (label: string) => z.enum(DEMENTIA_INDEPENDENCE, { error: `${label}を選んでください` });

/** Form body → action, per kind. Messages name the field in Japanese. */
const SCHEMAS: Record<CertificationActionKind, z.ZodType> = {
  assignSurveyor: z
    .object({
      surveyorKind: z.enum(['municipal', 'office'], { error: '調査員の区分を選んでください' }),
      surveyorName: requiredText('調査員の氏名', 100),
      officeNo: z
        .string()
        .regex(/^\d{10}$/, '委託先の事業所番号は10桁の数字で入力してください')
        .optional(),
    })
    .refine((v) => v.surveyorKind !== 'office' || v.officeNo, {
      path: ['officeNo'],
      message: '委託先の事業所番号を入力してください',
    }),
  scheduleSurvey: z.object({ visitOn: requiredDate('訪問調査日') }),
  completeSurvey: z.object({
    surveyedOn: requiredDate('調査実施日'),
    standardMinutes: z.coerce
      .number({ error: '要介護認定等基準時間を数字で入力してください' })
      .min(0, '要介護認定等基準時間は0以上で入力してください')
      .max(300, '要介護認定等基準時間は300分以下で入力してください'),
    dementia: dementia('認知症高齢者の日常生活自立度（調査）'),
    specialNotes: optionalText('特記事項', 4000),
    unstableCondition: z
      .literal('on')
      .optional()
      .transform((v) => v === 'on'),
  }),
  receiveOpinion: z.object({
    receivedOn: requiredDate('意見書の受領日'),
    dementia: dementia('認知症高齢者の日常生活自立度（意見書）'),
  }),
  hold: z.object({ track, reason: requiredText('保留の理由', 500) }),
  resume: z.object({ track }),
  scheduleBoard: z.object({ panel: requiredText('合議体', 50), boardOn: requiredDate('審査会の開催日') }),
  recordSecondaryJudgement: z.object({
    finalLevel: z.enum(CARE_LEVELS, { error: '二次判定の結果を選んでください' }),
    months: z.coerce
      .number({ error: '有効期間（月数）を数字で入力してください' })
      .int('有効期間は整数で入力してください')
      .min(0)
      .max(48, '有効期間は48か月以内です'),
    careNotes: optionalText('療養上の留意事項'),
    serviceTypeRestriction: optionalText('サービスの種類の指定'),
    reason: optionalText('理由'),
  }),
  recordPostponementNotice: z.object({
    expectedDecisionOn: optionalDate('処理見込期間'),
    reason: z.enum(POSTPONEMENT_REASONS, { error: '延期理由を選んでください' }).optional(),
  }),
  withdraw: z.object({ withdrawnOn: requiredDate('取下げ日'), reason: requiredText('取下げの理由', 500) }),
  recordDeath: z.object({ diedOn: requiredDate('死亡日') }),
  recordMoveOut: z.object({ movedOutOn: requiredDate('転出日') }),
  reject: z.object({ reason: requiredText('却下の理由', 1000) }),
};

export const ACTION_KINDS = Object.keys(SCHEMAS) as CertificationActionKind[];

export function isActionKind(k: string): k is CertificationActionKind {
  return (ACTION_KINDS as string[]).includes(k);
}

export function actionSchema(kind: CertificationActionKind): z.ZodType {
  return SCHEMAS[kind];
}

/** Builds the action from parsed form values. */
export function toAction(kind: CertificationActionKind, values: Record<string, unknown>): CertificationAction {
  return { kind, ...values } as CertificationAction;
}

type FieldType = 'date' | 'text' | 'number' | 'select' | 'textarea' | 'checkbox';
interface FormField {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  hint?: string;
  options?: { value: string; label: string }[];
}

const opts = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((v) => ({ value: v, label: labels[v] }));
const TRACK_OPTIONS = [
  { value: 'survey', label: '認定調査' },
  { value: 'opinion', label: '主治医意見書' },
];

/** Field lists the action-form partial renders. */
const FIELDS: Record<CertificationActionKind, FormField[]> = {
  assignSurveyor: [
    {
      name: 'surveyorKind',
      label: '調査員の区分',
      type: 'select',
      required: true,
      options: [
        { value: 'municipal', label: '市職員' },
        { value: 'office', label: '委託（事業所）' },
      ],
    },
    { name: 'surveyorName', label: '調査員の氏名', type: 'text', required: true },
    { name: 'officeNo', label: '委託先の事業所番号', type: 'text', hint: '委託の場合のみ。10桁' },
  ],
  scheduleSurvey: [{ name: 'visitOn', label: '訪問調査日', type: 'date', required: true }],
  completeSurvey: [
    { name: 'surveyedOn', label: '調査実施日', type: 'date', required: true },
    { name: 'standardMinutes', label: '要介護認定等基準時間（分）', type: 'number', required: true },
    {
      name: 'dementia',
      label: '認知症高齢者の日常生活自立度（調査）',
      type: 'select',
      required: true,
      options: opts(DEMENTIA_INDEPENDENCE, DEMENTIA_LABELS),
    },
    { name: 'unstableCondition', label: '状態が不安定（要支援2／要介護1の判定に使用）', type: 'checkbox' },
    { name: 'specialNotes', label: '特記事項', type: 'textarea' },
  ],
  receiveOpinion: [
    { name: 'receivedOn', label: '受領日', type: 'date', required: true },
    {
      name: 'dementia',
      label: '認知症高齢者の日常生活自立度（意見書）',
      type: 'select',
      required: true,
      options: opts(DEMENTIA_INDEPENDENCE, DEMENTIA_LABELS),
    },
  ],
  hold: [
    { name: 'track', label: '対象', type: 'select', required: true, options: TRACK_OPTIONS },
    { name: 'reason', label: '保留の理由', type: 'textarea', required: true },
  ],
  resume: [{ name: 'track', label: '対象', type: 'select', required: true, options: TRACK_OPTIONS }],
  scheduleBoard: [
    { name: 'panel', label: '合議体', type: 'text', required: true, hint: '例 第1合議体' },
    { name: 'boardOn', label: '審査会の開催日', type: 'date', required: true },
  ],
  recordSecondaryJudgement: [
    {
      name: 'finalLevel',
      label: '二次判定の結果',
      type: 'select',
      required: true,
      options: opts(CARE_LEVELS, CARE_LEVEL_LABELS),
    },
    {
      name: 'months',
      label: '有効期間（月数）',
      type: 'number',
      required: true,
      hint: '新規・区分変更 3〜12、更新 3〜36（同一区分は48まで）。非該当は0',
    },
    { name: 'careNotes', label: '療養上の留意事項（審査会の意見）', type: 'textarea' },
    { name: 'serviceTypeRestriction', label: 'サービスの種類の指定', type: 'textarea' },
    { name: 'reason', label: '理由（非該当の場合）', type: 'textarea' },
  ],
  recordPostponementNotice: [
    { name: 'expectedDecisionOn', label: '処理見込期間（空欄なら自動計算）', type: 'date' },
    {
      name: 'reason',
      label: '延期理由（空欄なら自動判定）',
      type: 'select',
      options: opts(POSTPONEMENT_REASONS, POSTPONEMENT_REASON_LABELS),
    },
  ],
  withdraw: [
    { name: 'withdrawnOn', label: '取下げ日', type: 'date', required: true },
    { name: 'reason', label: '取下げの理由', type: 'textarea', required: true },
  ],
  recordDeath: [{ name: 'diedOn', label: '死亡日', type: 'date', required: true }],
  recordMoveOut: [{ name: 'movedOutOn', label: '転出日', type: 'date', required: true }],
  reject: [{ name: 'reason', label: '却下の理由（通知書に記載）', type: 'textarea', required: true }],
};

/** Forms that belong to an open task (task key after `${workflowId}:`). */
function kindsForTaskKey(key: string): CertificationActionKind[] {
  if (key === 'survey-assign') return ['assignSurveyor'];
  if (key === 'survey-visit') return ['scheduleSurvey', 'completeSurvey'];
  if (key === 'opinion-receive') return ['receiveOpinion'];
  if (key === 'board-schedule') return ['scheduleBoard'];
  if (key === 'board-decide') return ['recordSecondaryJudgement'];
  if (key.startsWith('postponement')) return ['recordPostponementNotice'];
  return [];
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
    label: CERTIFICATION_ACTION_LABELS[kind],
    danger: ['withdraw', 'reject', 'recordDeath', 'recordMoveOut'].includes(kind),
    requestId: state?.requestId ?? newRequestId(),
    fields: FIELDS[kind].map((f) => {
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
  openTaskKeys: string[];
  allowed: CertificationActionKind[] | null;
}): { byTask: Map<string, CertificationActionKind[]>; general: CertificationActionKind[] } {
  const ok = (k: CertificationActionKind) =>
    input.caseOpen &&
    can(input.role, CERTIFICATION_ACTION_PERMISSIONS[k]) &&
    (input.allowed == null || input.allowed.includes(k));
  const byTask = new Map<string, CertificationActionKind[]>();
  for (const key of input.openTaskKeys) byTask.set(key, kindsForTaskKey(key).filter(ok));
  return { byTask, general: GENERAL_KINDS.filter(ok) };
}

/**
 * The human actions on a 要介護認定 case, one entry per kind: its fields (label from the glossary, type, bounds,
 * options), its label, the permission it needs (domain/access), whether it is "danger", when the case allows it, and
 * the field checks that need the case. The workflow's Update validators and the web's forms are both derived from
 * this table. Plain data and pure functions, no zod: domain/ imports nothing outside domain/, and the web builds its
 * zod schemas from these fields (web/routes/caseworker/case-actions.ts).
 */
import type { Action as Permission } from '../access';
import { can } from '../access';
import { compareDates, DATE_INPUT_EXAMPLE, isValidIsoDate } from '../dates';
import {
  CARE_LEVEL_LABELS,
  DEMENTIA_LABELS,
  FIELD_LABELS,
  POSTPONEMENT_REASON_LABELS,
  roleLabel,
  SURVEYOR_KIND_LABELS,
  TRACK_LABELS,
} from '../glossary';
import { isOfficeNumber } from '../people/identifiers';
import { boardMeetingErrors, validateSecondaryJudgement } from './board';
import { interimSettlementDue } from './interim';
import { surveyContractRefusal } from './survey-assignment';
import type { FieldError } from './intake';
import type { CertificationRules } from './rules';
import type { ApplicationType, CareLevel, IsoDate, Role } from './types';
import { CARE_LEVELS, DEMENTIA_INDEPENDENCE, POSTPONEMENT_REASONS } from './types';

/** Every human action on a certification case (the Update names of the workflow). */
export const CERTIFICATION_ACTION_KINDS = [
  'assignSurveyor',
  'scheduleSurvey',
  'completeSurvey',
  'receiveOpinion',
  'hold',
  'resume',
  'scheduleBoard',
  'recordSecondaryJudgement',
  'recordPostponementNotice',
  'decide',
  'approveDecision',
  'withdraw',
  'recordDeath',
  'recordMoveOut',
  'reject',
  'recordInterimUse',
  'settleInterim',
] as const;
export type CertificationActionKind = (typeof CERTIFICATION_ACTION_KINDS)[number];

/** A read-only view of one case: what the rules of the actions look at. */
export interface CaseView {
  readonly type: ApplicationType;
  readonly appliedOn: IsoDate;
  readonly today: IsoDate;
  /** 取下げ・却下・転出 or 処分: the case has an outcome */
  readonly ended: boolean;
  /** 二次判定 recorded (or decided) */
  readonly judged: boolean;
  readonly survey: Readonly<{
    surveyorName: string | null;
    completedOn: IsoDate | null;
    hold: string | null;
    /** 委託先の事業所番号 when the survey was contracted to an office (assignSurveyor) */
    officeNo?: string | null;
  }>;
  readonly opinion: Readonly<{ receivedOn: IsoDate | null; hold: string | null }>;
  readonly primaryLevel: CareLevel | null;
  readonly boardScheduled: boolean;
  /** 審査会の予定日 */
  readonly boardOn: IsoDate | null;
  /** the day the board met, once the 二次判定 is recorded */
  readonly boardMetOn: IsoDate | null;
  /** 処分 entered and waiting for the 係長's 決裁: the date entered */
  readonly pendingDecisionOn: IsoDate | null;
  readonly postponementDue: boolean;
  readonly deceasedOn: IsoDate | null;
  readonly previousLevel: CareLevel | null;
  /** 現在の認定の有効期間満了日 (みなし更新 is judged against it) */
  readonly previousValidTo: IsoDate | null;
  readonly rules: CertificationRules;
  /** 暫定利用 recorded on the case, with its 全額自己負担 flag once the case has ended (interim.ts) */
  readonly interim?: { readonly selfPaid: { readonly settledOn: IsoDate | null } | null } | null;
}

/** One field of an action form. Dates may not precede the 申請日 (and, with notFuture, not follow today). */
export interface ActionField {
  name: string;
  label: string;
  type: 'date' | 'text' | 'textarea' | 'number' | 'select' | 'checkbox';
  required?: boolean;
  hint?: string;
  /** number: unit shown with the label and in the bound messages */
  unit?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  /** text: at most this many characters */
  maxLength?: number;
  pattern?: { regex: RegExp; message: string };
  notFuture?: boolean;
  options?: readonly { value: string; label: string }[];
}

/** One action: its label, the permission it needs, its fields, and its rules over the case. */
export interface ActionSpec {
  label: string;
  permission: Permission;
  /** Ends the case: shown apart, as a warning */
  danger: boolean;
  /**
   * When in the case: before the 二次判定 (the default), after it (the 処分 and its 決裁), or at any time until the
   * 処分 (the 延期通知 and the endings: the 30-day clock and the application live until the 処分, issue 18), or
   * after the case has ended (the 給付係's 精算 of interim use)
   */
  phase?: 'before_judgement' | 'after_judgement' | 'until_decision' | 'settlement';
  fields: readonly ActionField[];
  /** Why the case does not allow the action now (null when it does); the case's end is checked before. */
  refusal(c: CaseView): string | null;
  /** Checks across fields, with no case (the web runs them as well). */
  crossCheck?(v: Values): FieldError[];
  /** Checks that need the case. */
  caseCheck?(v: Values, c: CaseView): FieldError[];
}

type Values = Readonly<Record<string, unknown>>;

/** The messages each field's checks give, in Japanese, naming the field. */
export const fieldMessage = {
  required: (f: ActionField) => (f.type === 'select' ? `${f.label}を選んでください` : `${f.label}を入力してください`),
  date: (f: ActionField) => `${f.label}を正しい日付（${DATE_INPUT_EXAMPLE}）で入力してください`,
  beforeApplication: (f: ActionField) => `${f.label}が申請日より前になっています`,
  future: (f: ActionField) => `${f.label}に未来の日付は入力できません`,
  number: (f: ActionField) => `${f.label}を数字で入力してください`,
  integer: (f: ActionField) => `${f.label}は整数で入力してください`,
  min: (f: ActionField) => `${f.label}は${f.min}${f.unit ?? ''}以上で入力してください`,
  max: (f: ActionField) => `${f.label}は${f.max}${f.unit ?? ''}以下で入力してください`,
  maxLength: (f: ActionField) => `${f.label}は${f.maxLength}文字以内で入力してください`,
};

const L = FIELD_LABELS;
const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));
const date = (name: string, label: string, more: Partial<ActionField> = {}): ActionField => ({
  name,
  label,
  type: 'date',
  required: true,
  ...more,
});
const text = (name: string, label: string, maxLength: number, more: Partial<ActionField> = {}): ActionField => ({
  name,
  label,
  type: 'textarea',
  required: true,
  maxLength,
  ...more,
});
const dementia = (label: string): ActionField => ({
  name: 'dementia',
  label,
  type: 'select',
  required: true,
  options: options(DEMENTIA_INDEPENDENCE, DEMENTIA_LABELS),
});
const track: ActionField = {
  name: 'track',
  label: L.track,
  type: 'select',
  required: true,
  options: options(['survey', 'opinion'], TRACK_LABELS),
};
const error = (field: string, message: string): FieldError => ({ field, message });

type Track = keyof typeof TRACK_LABELS;
const trackDone = (c: CaseView, t: Track) => (t === 'survey' ? c.survey.completedOn : c.opinion.receivedOn) != null;
const holdOf = (c: CaseView, t: Track) => (t === 'survey' ? c.survey.hold : c.opinion.hold);

const NO_SURVEY = '転入者継続の申請には認定調査がありません';
const noSurvey = (c: CaseView) => (c.type === 'transfer_in' ? NO_SURVEY : null);
const surveyOpen = (c: CaseView) =>
  c.survey.completedOn ? '認定調査は完了しています' : c.survey.hold ? '認定調査は保留中です' : null;
const always = () => null;
const str = (v: unknown): IsoDate | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const notBefore = (field: string, value: IsoDate, floor: IsoDate | null, floorLabel: string): FieldError[] =>
  floor && compareDates(value, floor) < 0
    ? [error(field, `${FIELD_LABELS[field as keyof typeof FIELD_LABELS]}が${floorLabel}より前になっています`)]
    : [];

/** The table: one entry per action kind. */
export const CERTIFICATION_ACTIONS: Readonly<Record<CertificationActionKind, ActionSpec>> = {
  assignSurveyor: {
    label: '認定調査員の割当',
    permission: 'survey.assign',
    danger: false,
    fields: [
      {
        name: 'surveyorKind',
        label: L.surveyorKind,
        type: 'select',
        required: true,
        options: options(['municipal', 'office'], SURVEYOR_KIND_LABELS),
      },
      { name: 'surveyorName', label: L.surveyorName, type: 'text', required: true, maxLength: 100 },
      {
        name: 'surveyorLoginId',
        label: L.surveyorLoginId,
        type: 'text',
        maxLength: 50,
        hint: '市職員の場合。入力すると調査の業務がその方の受信箱に届きます',
        pattern: { regex: /^[A-Za-z0-9._-]+$/, message: '調査員のログインIDは半角英数字で入力してください' },
      },
      {
        name: 'officeNo',
        label: L.officeNo,
        type: 'text',
        hint: '委託の場合のみ。10桁',
        pattern: { regex: /^\d{10}$/, message: '委託先の事業所番号は10桁の数字で入力してください' },
      },
    ],
    refusal: (c) => noSurvey(c) ?? surveyOpen(c),
    crossCheck: (v) => [
      ...(v.surveyorKind === 'office' && !isOfficeNumber(typeof v.officeNo === 'string' ? v.officeNo : '')
        ? [error('officeNo', '委託先の事業所番号を入力してください')]
        : []),
      // A contracted survey goes to the office's inbox, not to a municipal account.
      ...(v.surveyorKind === 'office' && str(v.surveyorLoginId)
        ? [error('surveyorLoginId', '委託の場合、調査員のログインIDは入力しません')]
        : []),
    ],
    // 委託 only for the application types the insurer's setting allows (default 更新・区分変更; survey-assignment.ts).
    caseCheck: (v, c) => {
      const why =
        v.surveyorKind === 'office' ? surveyContractRefusal(c.type, c.rules.surveyContractApplicationTypes) : null;
      return why ? [error('officeNo', why)] : [];
    },
  },
  scheduleSurvey: {
    label: '訪問調査日の設定',
    permission: 'survey.record',
    danger: false,
    fields: [date('visitOn', L.visitOn)],
    refusal: (c) => noSurvey(c) ?? (c.survey.surveyorName ? surveyOpen(c) : '認定調査員が割り当てられていません'),
  },
  completeSurvey: {
    label: '認定調査の完了登録',
    permission: 'survey.record',
    danger: false,
    fields: [
      date('surveyedOn', L.surveyedOn, { notFuture: true }),
      {
        name: 'standardMinutes',
        label: L.standardMinutes,
        type: 'number',
        required: true,
        unit: '分',
        min: 0,
        max: 300,
      },
      dementia(L.surveyDementia),
      { name: 'unstableCondition', label: L.unstableCondition, type: 'checkbox' },
      text('specialNotes', L.specialNotes, 4000, { required: false }),
    ],
    refusal: (c) => noSurvey(c) ?? (c.survey.surveyorName ? surveyOpen(c) : '認定調査員が割り当てられていません'),
  },
  receiveOpinion: {
    label: '主治医意見書の受領',
    permission: 'opinion.record',
    danger: false,
    fields: [date('receivedOn', L.receivedOn, { notFuture: true }), dementia(L.opinionDementia)],
    refusal: (c) =>
      c.type === 'transfer_in'
        ? '転入者継続の申請には主治医意見書がありません'
        : c.opinion.receivedOn
          ? '主治医意見書は受領済みです'
          : c.opinion.hold
            ? '主治医意見書は保留中です'
            : null,
  },
  hold: {
    label: '保留',
    permission: 'case.hold',
    danger: false,
    fields: [track, text('reason', L.holdReason, 500)],
    refusal: noSurvey,
    caseCheck: (v, c) => {
      const t = v.track as Track;
      if (trackDone(c, t)) return [error('track', `${TRACK_LABELS[t]}は完了しているため保留にできません`)];
      return holdOf(c, t) ? [error('track', `${TRACK_LABELS[t]}は既に保留中です`)] : [];
    },
  },
  resume: {
    label: '保留の解除',
    permission: 'case.hold',
    danger: false,
    fields: [track],
    refusal: noSurvey,
    caseCheck: (v, c) =>
      holdOf(c, v.track as Track) ? [] : [error('track', `${TRACK_LABELS[v.track as Track]}は保留中ではありません`)],
  },
  scheduleBoard: {
    label: '審査会の割当',
    permission: 'board.schedule',
    danger: false,
    fields: [
      { name: 'panel', label: L.panel, type: 'text', required: true, maxLength: 50, hint: '例 第1合議体' },
      date('boardOn', L.boardOn),
    ],
    refusal: (c) =>
      c.primaryLevel ? null : '認定調査票と主治医意見書がそろっていないため、審査会に割り当てられません',
  },
  recordSecondaryJudgement: {
    label: '二次判定の登録',
    permission: 'board.decide',
    danger: false,
    fields: [
      {
        name: 'finalLevel',
        label: L.finalLevel,
        type: 'select',
        required: true,
        options: options(CARE_LEVELS, CARE_LEVEL_LABELS),
      },
      {
        name: 'months',
        label: L.months,
        type: 'number',
        required: true,
        integer: true,
        min: 0,
        max: 48,
        hint: '新規・区分変更 3〜12、更新・みなし更新 3〜36（同一区分は48まで）。非該当は0',
      },
      date('boardMetOn', L.boardMetOn, {
        required: false,
        notFuture: true,
        hint: '空欄なら審査会の予定日（予定日より前には登録できません）',
      }),
      text('careNotes', L.careNotes, 2000, { required: false }),
      text('serviceTypeRestriction', L.serviceTypeRestriction, 2000, { required: false }),
      text('reason', L.nonApplicableReason, 2000, { required: false }),
    ],
    refusal: (c) => (c.boardScheduled ? null : '審査会が割り当てられていません'),
    // 有効期間の範囲 by application type and level (みなし更新 takes the 更新 range) [S12] [S14] [S15]; the board
    // must have met by today.
    caseCheck: (v, c) => [
      ...boardMeetingErrors({ boardOn: c.boardOn, boardMetOn: str(v.boardMetOn), today: c.today }),
      ...validateSecondaryJudgement({
        type: c.type,
        previousLevel: c.previousLevel,
        primaryLevel: c.primaryLevel ?? (v.finalLevel as CareLevel),
        finalLevel: v.finalLevel as CareLevel,
        months: v.months as number,
        rules: c.rules,
        levelChange: { appliedOn: c.appliedOn, currentExpiry: c.previousValidTo },
      }),
    ],
  },
  decide: {
    label: '処分の決定',
    permission: 'certification.decide',
    danger: false,
    phase: 'after_judgement',
    fields: [date('decidedOn', L.decidedOn, { required: false, notFuture: true, hint: '空欄なら今日' })],
    refusal: (c) => (c.pendingDecisionOn ? '処分は係長の決裁を待っています' : null),
    caseCheck: (v, c) => notBefore('decidedOn', str(v.decidedOn) ?? c.today, c.boardMetOn, '審査会の開催日'),
  },
  approveDecision: {
    label: '処分の決裁',
    permission: 'certification.approve',
    danger: false,
    phase: 'after_judgement',
    fields: [date('approvedOn', L.approvedOn, { required: false, notFuture: true, hint: '空欄なら今日' })],
    refusal: (c) => (c.pendingDecisionOn ? null : '決裁を待つ処分はありません'),
    caseCheck: (v, c) => notBefore('approvedOn', str(v.approvedOn) ?? c.today, c.pendingDecisionOn, '処分の決定日'),
  },
  recordPostponementNotice: {
    phase: 'until_decision',
    label: '延期通知の発行',
    permission: 'certification.postpone',
    danger: false,
    fields: [
      date('expectedDecisionOn', L.expectedDecisionOn, { required: false, hint: '空欄なら自動計算' }),
      {
        name: 'reason',
        label: L.postponementReason,
        type: 'select',
        hint: '空欄なら自動判定',
        options: options(POSTPONEMENT_REASONS, POSTPONEMENT_REASON_LABELS),
      },
    ],
    refusal: (c) => (c.postponementDue ? null : '現在、延期通知を発行する必要はありません'),
  },
  withdraw: {
    phase: 'until_decision',
    label: '取下げ',
    permission: 'certification.withdraw',
    danger: true,
    fields: [date('withdrawnOn', L.withdrawnOn), text('reason', L.withdrawalReason, 500)],
    refusal: always,
  },
  recordDeath: {
    phase: 'until_decision',
    label: '死亡の届出',
    permission: 'certification.withdraw',
    danger: true,
    fields: [date('diedOn', L.diedOn, { notFuture: true })],
    refusal: (c) => (c.deceasedOn ? '死亡は届出済みです' : null),
  },
  recordMoveOut: {
    phase: 'until_decision',
    label: '転出の届出',
    permission: 'certification.withdraw',
    danger: true,
    fields: [date('movedOutOn', L.movedOutOn)],
    refusal: always,
  },
  reject: {
    phase: 'until_decision',
    label: '却下',
    permission: 'certification.withdraw',
    danger: true,
    fields: [text('reason', L.rejectionReason, 1000, { hint: '通知書に記載' })],
    refusal: always,
  },
  recordInterimUse: {
    phase: 'until_decision',
    label: '暫定利用の登録',
    permission: 'certification.interim',
    danger: false,
    fields: [
      {
        name: 'officeNo',
        label: L.interimOfficeNo,
        type: 'text',
        required: true,
        hint: '事業所台帳の事業所（10桁）',
        pattern: { regex: /^\d{10}$/, message: '暫定利用の事業所の事業所番号は10桁の数字で入力してください' },
      },
      date('startOn', L.interimStartOn),
      {
        name: 'assumedLevel',
        label: L.assumedLevel,
        type: 'select',
        required: true,
        hint: '暫定ケアプランが見込んだ区分。これより低い区分や非該当なら全額自己負担',
        options: options(
          CARE_LEVELS.filter((l) => l !== 'non_applicable'),
          CARE_LEVEL_LABELS,
        ),
      },
    ],
    // 転入者継続 carries its level from intake; one interim use per case (a correction is a 給付係 matter).
    refusal: (c) =>
      c.type === 'transfer_in'
        ? '転入者継続の申請には暫定利用の登録はありません'
        : c.interim
          ? '暫定利用は登録済みです'
          : null,
  },
  settleInterim: {
    phase: 'settlement',
    label: '暫定利用の精算',
    permission: 'interim.settle',
    danger: false,
    fields: [text('note', L.settlementNote, 1000, { hint: '償還・返還の手続など' })],
    refusal: (c) => (interimSettlementDue(c.interim) ? null : '精算を待つ暫定利用はありません'),
  },
};

/** Whether `k` names an action. */
export function isCertificationActionKind(k: string): k is CertificationActionKind {
  return (CERTIFICATION_ACTION_KINDS as readonly string[]).includes(k);
}

/** Why the role may not take the action (null when it may). */
export function roleRefusal(role: Role, kind: CertificationActionKind): string | null {
  const a = CERTIFICATION_ACTIONS[kind];
  return can(role, a.permission) ? null : `${roleLabel(role)}は「${a.label}」を行えません`;
}

/** The survey actions a contracted office does for its own case (委託: 訪問日の設定 and 調査結果の登録). */
export const CONTRACTED_SURVEY_ACTIONS: readonly CertificationActionKind[] = ['scheduleSurvey', 'completeSurvey'];

/**
 * Why this actor may not do the action (null when it may). Municipal roles by their permission; an office only the
 * survey actions of a case whose survey was contracted to that very office. Without the case (`c` undefined, the
 * workflow still initialising) the office is let through here and checked again once the case is there.
 */
export function actorRefusal(
  actor: { role: Role; officeNo: string | null },
  kind: CertificationActionKind,
  c?: CaseView,
): string | null {
  if (!can(actor.role, 'survey.contracted') || !CONTRACTED_SURVEY_ACTIONS.includes(kind))
    return roleRefusal(actor.role, kind);
  if (!c) return null;
  return actor.officeNo != null && c.survey.officeNo === actor.officeNo
    ? null
    : 'この認定調査は貴事業所に委託されていません';
}

/** Why the case does not allow the action now (null when it does). */
export function caseRefusal(c: CaseView, kind: CertificationActionKind): string | null {
  const spec = CERTIFICATION_ACTIONS[kind];
  if (spec.phase === 'settlement') return spec.refusal(c);
  if (c.ended) return 'この申請は既に終了しています';
  if (spec.phase === 'after_judgement') return c.judged ? spec.refusal(c) : '二次判定が登録されていません';
  if (c.judged && spec.phase !== 'until_decision') return '既に審査判定が済んでいるため、この操作はできません';
  return spec.refusal(c);
}

/** The actions the case allows now (roles are checked separately). */
export function allowedActions(c: CaseView): CertificationActionKind[] {
  return CERTIFICATION_ACTION_KINDS.filter((k) => caseRefusal(c, k) === null);
}

const isBlank = (v: unknown) => v == null || (typeof v === 'string' && v.trim() === '');

/** The errors of one field's value (typed: dates and text as strings, numbers as numbers); with the case, dates too. */
export function fieldErrors(f: ActionField, v: unknown, c?: CaseView): string | null {
  if (isBlank(v)) return f.required ? fieldMessage.required(f) : null;
  switch (f.type) {
    case 'date':
      if (typeof v !== 'string' || !isValidIsoDate(v)) return fieldMessage.date(f);
      if (c && compareDates(v, c.appliedOn) < 0) return fieldMessage.beforeApplication(f);
      if (c && f.notFuture && compareDates(v, c.today) > 0) return fieldMessage.future(f);
      return null;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return fieldMessage.number(f);
      if (f.integer && !Number.isInteger(v)) return fieldMessage.integer(f);
      if (f.min != null && v < f.min) return fieldMessage.min(f);
      return f.max != null && v > f.max ? fieldMessage.max(f) : null;
    case 'select':
      return f.options?.some((o) => o.value === v) ? null : fieldMessage.required(f);
    case 'checkbox':
      return typeof v === 'boolean' ? null : fieldMessage.required(f);
    default:
      if (typeof v !== 'string') return fieldMessage.required(f);
      if (f.maxLength != null && v.length > f.maxLength) return fieldMessage.maxLength(f);
      return f.pattern && !f.pattern.regex.test(v) ? f.pattern.message : null;
  }
}

/**
 * Every field error of an action against the case, in field order: each field's type and bounds, then the checks
 * across fields and those that need the case (run only when the fields themselves are valid).
 */
export function actionErrors(kind: CertificationActionKind, values: Values, c: CaseView): FieldError[] {
  const spec = CERTIFICATION_ACTIONS[kind];
  const errors: FieldError[] = [];
  for (const f of spec.fields) {
    const message = fieldErrors(f, values[f.name], c);
    if (message) errors.push(error(f.name, message));
  }
  if (errors.length > 0) return errors;
  return [...(spec.crossCheck?.(values) ?? []), ...(spec.caseCheck?.(values, c) ?? [])];
}

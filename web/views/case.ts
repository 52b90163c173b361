/** View models of a certification case: stage diagram, Kushiro-style progress, 業務履歴 in Japanese. */
import type { CaseEventRow, CaseListRow } from '../../db/cases';
import type { CaseRow } from '../../db/read-model';
import type { IsoDate, Role } from '../../domain/certification/types';
import { SELF_PAID_REASON_LABELS, type SelfPaidReason } from '../../domain/certification/interim';
import {
  APPLICANT_KIND_LABELS,
  APPLICATION_TYPE_LABELS,
  CARE_LEVEL_LABELS,
  DEMENTIA_LABELS,
  POSTPONEMENT_REASON_LABELS,
} from '../../domain/glossary';
import { formatWareki } from '../../domain/dates';
import { roleLabel } from '../../domain/glossary';
import { parseJson } from './common';

/** The paper process, left to right; the current stage is highlighted. */
const STAGE_STEPS: { label: string; stages: string[] }[] = [
  { label: '申請受付', stages: ['received'] },
  { label: '認定調査・主治医意見書', stages: ['investigating'] },
  { label: '一次判定', stages: ['primary_judged'] },
  { label: '審査会', stages: ['board_scheduled'] },
  { label: '決定', stages: ['judged', 'awaiting_approval', 'decided'] },
  { label: '通知', stages: ['notified'] },
];

const ENDINGS: Record<string, string> = { withdrawn: '取下げで終了', rejected: '却下で終了', closed: '終了（転出等）' };

/** 進捗図: each step done / current / ahead; an early ending (取下げ・却下) is reported separately. */
export function stageDiagram(stage: string) {
  const idx = STAGE_STEPS.findIndex((s) => s.stages.includes(stage));
  return {
    steps: STAGE_STEPS.map((s, i) => ({
      label: s.label,
      done: idx >= 0 && (i < idx || stage === 'notified'),
      current: i === idx,
    })),
    ending: ENDINGS[stage] ?? null,
  };
}

/** The fields the workflow keeps in cases.summary_json (see CertificationState.progressFields). */
export interface CaseSummary {
  surveyVisitOn?: IsoDate | null;
  surveyCompletedOn?: IsoDate | null;
  surveyHold?: string | null;
  opinionRequestedOn?: IsoDate | null;
  opinionReceivedOn?: IsoDate | null;
  opinionReminders?: number | null;
  opinionHold?: string | null;
  board?: { panel: string; boardOn: IsoDate } | null;
  primaryLevel?: string | null;
  months?: number | null;
  decidedOn?: IsoDate | null;
  postponements?: number | null;
  deceasedOn?: IsoDate | null;
  outcomeReason?: string | null;
  /** 暫定利用 (only on cases that recorded it) */
  interim?: {
    officeNo: string;
    startOn: IsoDate;
    assumedLevel: string;
    selfPaid: { reason: string; settledOn: IsoDate | null; note: string | null } | null;
  } | null;
  sla?: { survey: string | null; opinion: string | null; board: string | null; overall: string | null };
}

export function summaryOf(c: Pick<CaseRow, 'summary_json'>): CaseSummary {
  return parseJson(c.summary_json) as CaseSummary;
}

/**
 * 進捗 as the Kushiro 要介護認定進捗確認システム shows it to offices (domain.md §2.3): 申請日, 申請区分, 訪問調査日,
 * 意見書依頼日・入手日, 審査会（予定）日, 結果, 有効月数・有効期間. No internal notes, no board sheet.
 */
export function kushiroProgress(
  c: Pick<
    CaseRow,
    | 'workflow_id'
    | 'application_no'
    | 'applied_on'
    | 'application_type'
    | 'summary_json'
    | 'status'
    | 'stage'
    | 'final_level'
    | 'outcome'
    | 'valid_from'
    | 'valid_to'
  >,
) {
  const s = summaryOf(c);
  return {
    workflowId: c.workflow_id,
    applicationNo: c.application_no,
    appliedOn: c.applied_on,
    applicationType: c.application_type,
    surveyVisitOn: s.surveyVisitOn ?? null,
    surveyCompletedOn: s.surveyCompletedOn ?? null,
    opinionRequestedOn: s.opinionRequestedOn ?? null,
    opinionReceivedOn: s.opinionReceivedOn ?? null,
    boardOn: s.board?.boardOn ?? null,
    decidedOn: s.decidedOn ?? null,
    result: c.status === 'closed' || c.stage === 'decided' || c.stage === 'notified' ? c.final_level : null,
    outcome: c.outcome,
    months: s.months ?? null,
    validFrom: c.valid_from,
    validTo: c.valid_to,
    stage: c.stage,
    status: c.status,
  };
}

/** 法定期限 and SLA per stage for the case detail. */
export function deadlinesOf(c: CaseListRow) {
  const s = summaryOf(c);
  return {
    dueOn: c.due_on,
    overall: c.sla_state,
    survey: s.sla?.survey ?? null,
    opinion: s.sla?.opinion ?? null,
    board: s.sla?.board ?? null,
    postponements: s.postponements ?? 0,
    opinionReminders: s.opinionReminders ?? 0,
    surveyHold: s.surveyHold ?? null,
    opinionHold: s.opinionHold ?? null,
    board2: s.board ?? null,
    primaryLevel: c.primary_level ?? s.primaryLevel ?? null,
    breach: c.deadline_breach ? (BREACH_LABELS[c.deadline_breach] ?? c.deadline_breach) : null,
    interim: interimView(s.interim),
  };
}

/** 暫定利用 on the case page: the office, the start, the assumed level and, once flagged, 全額自己負担 and its 精算. */
function interimView(i: CaseSummary['interim']) {
  if (!i) return null;
  const reason = i.selfPaid ? SELF_PAID_REASON_LABELS[i.selfPaid.reason as SelfPaidReason] : null;
  return {
    officeNo: i.officeNo,
    startOn: i.startOn,
    assumedLevel: levelText(i.assumedLevel),
    selfPaid: i.selfPaid ? `全額自己負担（${reason ?? i.selfPaid.reason}）` : null,
    settledOn: i.selfPaid?.settledOn ?? null,
  };
}

/** 法27条11項違反 as the case page names it (domain/certification/deadlines DeadlineBreach). */
const BREACH_LABELS: Record<string, string> = {
  no_postponement_notice: '延期通知なしに処分期限を超えて決定（介護保険法27条11項違反）',
  past_expected_period: '延期通知の処理見込期間を超えて決定（再度の延期通知なし）',
};

const EVENT_LABELS: Record<string, string> = {
  received: '申請を受け付けました',
  opinion_requested: '主治医意見書を依頼しました',
  opinion_reminded: '主治医意見書の督促をしました',
  opinion_brought: '主治医意見書は申請者が持参しました（依頼・督促なし）',
  survey_assigned: '認定調査員を割り当てました',
  survey_scheduled: '訪問調査日を設定しました',
  survey_completed: '認定調査の結果を登録しました',
  opinion_received: '主治医意見書を受領しました',
  hold: '保留にしました',
  resume: '保留を解除しました',
  primary_judged: '一次判定を行いました',
  board_scheduled: '介護認定審査会に割り当てました',
  secondary_judged: '二次判定を登録しました',
  postponement_due: '延期通知が必要になりました',
  postponement_omitted: '延期通知を省略しました（更新・事前同意）',
  postponement_notified: '延期通知を発行しました',
  decision_proposed: '処分を決定し、決裁に回しました',
  decided: '処分を決定しました',
  deadline_breached: '処分期限を超えた決定を記録しました（介護保険法27条11項）',
  notified: '結果を通知しました',
  deceased: '死亡の届出を受けました',
  withdrawn: '申請が取り下げられました',
  rejected: '却下しました',
  rejected_deceased: '却下しました（調査前の死亡）',
  moved_out: '転出により終了しました',
  interim_use_recorded: '暫定利用を登録しました',
  interim_self_paid: '暫定利用のサービスが全額自己負担になりました（給付係へ精算の依頼）',
  interim_covered: '暫定利用のサービスは認定の範囲内です',
  interim_settled: '暫定利用を精算しました',
};

const TRACK_LABELS: Record<string, string> = { survey: '認定調査', opinion: '主治医意見書' };

function dateText(v: unknown): string | null {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatWareki(v) : null;
}

function levelText(v: unknown): string | null {
  return typeof v === 'string' && v in CARE_LEVEL_LABELS
    ? CARE_LEVEL_LABELS[v as keyof typeof CARE_LEVEL_LABELS]
    : null;
}

/** A short Japanese description of an event's payload (never the raw JSON). */
function eventDetail(type: string, p: Record<string, unknown>, see: { opinionMedical: boolean }): string {
  const parts: string[] = [];
  const add = (label: string, v: string | null | undefined) => {
    if (v) parts.push(`${label}: ${v}`);
  };
  switch (type) {
    case 'received': {
      const t = p.type as string | undefined;
      add('申請区分', t ? APPLICATION_TYPE_LABELS[t as keyof typeof APPLICATION_TYPE_LABELS] : null);
      const a = p.applicant as { kind?: string; name?: string; officeNo?: string } | undefined;
      add(
        '申請者',
        a
          ? `${APPLICANT_KIND_LABELS[a.kind as keyof typeof APPLICANT_KIND_LABELS] ?? ''} ${a.name ?? ''}${a.officeNo ? `（${a.officeNo}）` : ''}`
          : null,
      );
      const notes = Array.isArray(p.notes) ? (p.notes as string[]).join('／') : null;
      add('備考', notes);
      break;
    }
    case 'opinion_requested': {
      const d = p.doctor as { name?: string; clinic?: string } | undefined;
      add('主治医', d ? `${d.clinic ?? ''} ${d.name ?? ''}` : null);
      break;
    }
    case 'opinion_reminded':
      add('回数', p.n != null ? `${String(p.n)}回目` : null);
      break;
    case 'survey_assigned':
      add(
        '調査員',
        `${String(p.surveyorName ?? '')}${p.surveyorKind === 'office' ? `（委託 ${String(p.officeNo ?? '')}）` : '（市職員）'}`,
      );
      break;
    case 'survey_scheduled':
      add('訪問日', dateText(p.visitOn));
      break;
    case 'survey_completed':
      add('調査日', dateText(p.surveyedOn));
      add('基準時間', p.standardMinutes != null ? `${String(p.standardMinutes)}分` : null);
      add('認知症自立度', DEMENTIA_LABELS[p.dementia as keyof typeof DEMENTIA_LABELS] ?? null);
      break;
    case 'opinion_received':
      add('受領日', dateText(p.receivedOn));
      // the opinion's findings: only for roles with opinion.medical (domain/access mayReadOpinionMedical)
      if (see.opinionMedical) add('認知症自立度', DEMENTIA_LABELS[p.dementia as keyof typeof DEMENTIA_LABELS] ?? null);
      break;
    case 'hold':
      add('対象', TRACK_LABELS[p.track as string] ?? null);
      add('理由', typeof p.reason === 'string' ? p.reason : null);
      break;
    case 'resume':
      add('対象', TRACK_LABELS[p.track as string] ?? null);
      break;
    case 'primary_judged':
      add('一次判定', levelText(p.level));
      add('基準時間', p.standardMinutes != null ? `${String(p.standardMinutes)}分` : null);
      break;
    case 'board_scheduled':
      add('合議体', typeof p.panel === 'string' ? p.panel : null);
      add('審査会日', dateText(p.boardOn));
      add('延期通知', p.postponementWithdrawn ? '不要となり取りやめ' : null);
      break;
    case 'secondary_judged':
      add('二次判定', levelText(p.finalLevel));
      add('一次判定', levelText(p.primaryLevel));
      add('有効期間', p.months ? `${String(p.months)}か月` : null);
      add('審査会開催日', dateText(p.boardMetOn));
      break;
    case 'decision_proposed':
      add('決定日', dateText(p.decidedOn));
      break;
    case 'deadline_breached':
      add('処分期限', dateText(p.dueOn));
      add('処分日', dateText(p.decidedOn));
      add('延期通知', p.kind === 'past_expected_period' ? '処理見込期間を超過' : 'なし');
      // The 処分 closes the 延期通知 task left open: said here, so it does not vanish unexplained.
      add('未発行の延期通知', typeof p.openTask === 'string' ? '作業を取りやめ（期限超過として記録）' : null);
      break;
    case 'postponement_due':
    case 'postponement_notified':
      add('処理見込', dateText(p.expectedDecisionOn));
      add('理由', POSTPONEMENT_REASON_LABELS[p.reason as keyof typeof POSTPONEMENT_REASON_LABELS] ?? null);
      break;
    case 'decided': {
      add('結果', levelText(p.level));
      add('処分日', dateText(p.decidedOn));
      const from = dateText(p.validFrom);
      const to = dateText(p.validTo);
      add('有効期間', from && to ? `${from}〜${to}` : null);
      add('理由', typeof p.reason === 'string' ? p.reason : null);
      break;
    }
    case 'interim_use_recorded':
      add('事業所', typeof p.officeNo === 'string' ? p.officeNo : null);
      add('開始日', dateText(p.startOn));
      add('見込みの区分', levelText(p.assumedLevel));
      break;
    case 'interim_self_paid':
      add('理由', typeof p.label === 'string' ? p.label : null);
      add('事業所', typeof p.officeNo === 'string' ? p.officeNo : null);
      break;
    case 'interim_settled':
      add('記録', typeof p.note === 'string' ? p.note : null);
      break;
    default:
      add('理由', typeof p.reason === 'string' ? p.reason : null);
      add('日付', dateText(p.diedOn) ?? dateText(p.withdrawnOn) ?? dateText(p.movedOutOn));
  }
  return parts.join('、');
}

/**
 * 業務履歴 rows: when, who (display name or login), what, in Japanese. `see.opinionMedical` (mayReadOpinionMedical of
 * the viewer) decides whether the 主治医意見書's findings are in the details.
 */
export function eventViews(
  rows: (CaseEventRow & { actor_name?: string | null; actor_role?: string | null })[],
  see: { opinionMedical: boolean },
) {
  return rows.map((e) => ({
    seq: e.seq,
    at: e.occurred_at,
    who: e.actor_name ? `${e.actor_name}（${roleLabel(e.actor_role as Role)}）` : (e.actor ?? 'システム'),
    what: EVENT_LABELS[e.event_type] ?? e.event_type,
    detail: eventDetail(e.event_type, parseJson(e.payload_json), see),
  }));
}

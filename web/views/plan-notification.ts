/** 居宅届 view models: list rows, rounds with their labels, and the detail page, built from the read model. */
import type { CaseRow } from '../../db/read-model';
import type { Actor } from '../../domain/actor';
import { careLevelLabel, officeKindLabel, PLAN_NOTIFICATION_STAGE_LABELS } from '../../domain/glossary';
import { planActionsFor } from '../../domain/plan-notification/actions';
import type { PlanRound, PlanStage } from '../../domain/plan-notification/types';

/** One line of a list (office list or review queue). */
export interface PlanListRow {
  filingNo: string;
  personName: string;
  insuredNo: string;
  officeName: string;
  kind: string;
  stage: PlanStage;
  stageLabel: string;
  appliedOn: string | null;
  startDate: string | null;
  updatedAt: string;
  rounds: number;
  open: boolean;
}

/** A round with the labels its page shows. */
export interface PlanRoundView extends PlanRound {
  kindLabel: string;
  officeKindLabel: string;
  levelLabel: string;
  identityLabel: string;
  proxyLabel: string | null;
  relationLabel: string;
  decisionLabel: string;
}

/** Everything a detail page shows, from the read model. */
export interface PlanDetail extends PlanListRow {
  workflowId: string;
  officeNo: string;
  version: string;
  acceptedOn: string | null;
  notifiedOn: string | null;
  current: PlanRoundView | null;
  rounds_: PlanRoundView[];
  events: { at: string; label: string; actor: string | null; reason: string | null }[];
  notices: { key: string; title: string; createdAt: string }[];
  canReview: boolean;
  canDecide: boolean;
  canRefile: boolean;
  canWithdraw: boolean;
}

const EVENT_LABELS: Record<string, string> = {
  plan_filed: '届出（提出）',
  plan_refiled: '再提出',
  plan_review_started: '審査開始',
  plan_returned: '返戻',
  plan_accepted: '受理',
  plan_withdrawn: '取下げ',
  plan_acceptance_applied: '被保険者証・担当事業所に反映し、国保連への受給者異動を登録',
};
const IDENTITY_LABELS: Record<string, string> = {
  my_number_card: 'マイナンバーカード',
  photo_id: '写真付き本人確認書類',
  two_documents: '写真のない書類2点',
};
const PROXY_LABELS: Record<string, string> = {
  legal_representative: '法定代理人',
  power_of_attorney: '任意代理人（委任状）',
};
const RELATION_LABELS: Record<string, string> = {
  self: '本人',
  family: '家族',
  care_manager: '介護支援専門員',
  other: 'その他',
};
const DECISION_LABELS: Record<string, string> = { accepted: '受理', returned: '返戻', withdrawn: '取下げ' };

/** The read model's row as a list line. */
export function planListRow(c: CaseRow): PlanListRow {
  const summary = JSON.parse(c.summary_json ?? '{}');
  const stage = c.stage as PlanStage;
  return {
    filingNo: c.application_no ?? '',
    personName: summary.personName ?? '',
    insuredNo: c.insured_no,
    officeName: summary.officeName ?? '',
    kind: c.application_type === 'change' ? '変更' : '新規',
    stage,
    stageLabel: PLAN_NOTIFICATION_STAGE_LABELS[stage] ?? stage,
    appliedOn: c.applied_on,
    startDate: summary.startDate ?? null,
    updatedAt: c.updated_at,
    rounds: (summary.rounds ?? []).length,
    open: c.status === 'open',
  };
}

/** The review queue: submitted and under review first, returned ones after them (kept in order otherwise). */
export function planQueueView(rows: { open: CaseRow[]; closed: CaseRow[] }) {
  const rank = (r: PlanListRow) => (r.stage === 'returned' ? 1 : 0);
  return { open: rows.open.map(planListRow).sort((a, b) => rank(a) - rank(b)), closed: rows.closed.map(planListRow) };
}

function planRoundView(r: PlanRound): PlanRoundView {
  const proxy = r.filing.identity.proxy;
  return {
    ...r,
    kindLabel: r.filing.kind === 'change' ? '変更' : '新規',
    officeKindLabel: officeKindLabel(r.office.kind),
    levelLabel: r.personLevel === 'pending' ? '認定申請中' : r.personLevel ? careLevelLabel(r.personLevel) : '—',
    identityLabel: IDENTITY_LABELS[r.filing.identity.method] ?? r.filing.identity.method,
    proxyLabel: proxy
      ? `${PROXY_LABELS[proxy.authority] ?? proxy.authority}（代理人の確認: ${IDENTITY_LABELS[proxy.proxyIdentityMethod] ?? ''}）`
      : null,
    relationLabel: RELATION_LABELS[r.filing.notifier.relation] ?? r.filing.notifier.relation,
    decisionLabel: r.decision ? DECISION_LABELS[r.decision] : r.reviewStartedAt ? '審査中' : '審査待ち',
  };
}

/** The detail page: every round, the history, the notices and the buttons the actor may press (the action table). */
export function planDetailView(
  actor: Actor,
  c: CaseRow,
  history: {
    events: { occurred_at: string; event_type: string; actor: string | null; payload_json: string | null }[];
    notices: { id: string; title: string; created_at: string }[];
  },
): PlanDetail {
  const row = planListRow(c);
  const summary = JSON.parse(c.summary_json ?? '{}');
  const rounds: PlanRoundView[] = (summary.rounds ?? []).map(planRoundView);
  const current = rounds[rounds.length - 1] ?? null;
  const actions = planActionsFor(actor, {
    stage: row.stage,
    insurerNo: c.insurer_no,
    officeNo: c.filed_by_office_no ?? '',
    insuredNo: current?.filing.person.insuredNo ?? null,
    busy: false,
  });
  return {
    ...row,
    workflowId: c.workflow_id,
    officeNo: c.filed_by_office_no ?? '',
    version: String(c.last_seq),
    acceptedOn: summary.acceptedOn ?? null,
    notifiedOn: summary.notifiedOn ?? null,
    current,
    rounds_: rounds,
    events: history.events.map((e) => ({
      at: e.occurred_at,
      label: EVENT_LABELS[e.event_type] ?? e.event_type,
      actor: e.actor,
      reason: JSON.parse(e.payload_json ?? '{}').reason ?? null,
    })),
    notices: history.notices.map((n) => ({
      key: n.id.slice(c.workflow_id.length + 1),
      title: n.title,
      createdAt: n.created_at,
    })),
    canReview: actions.includes('review'),
    canDecide: actions.includes('accept'),
    canRefile: actions.includes('refile'),
    canWithdraw: actions.includes('withdraw'),
  };
}

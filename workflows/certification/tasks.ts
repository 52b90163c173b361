/** The tasks a 要介護認定 case opens, by task key: part of the workflow's contract, re-exported by messages.ts. */
import type { Role } from '../../domain/certification/types';
import type { CertificationActionKind } from './messages';

/** One kind of task a case opens: its type, title, who works it, and the actions its form offers. */
export interface CertificationTask {
  type: 'survey' | 'opinion' | 'board' | 'decision' | 'postponement' | 'office_notice' | 'interim';
  title: string;
  candidateRole: Role;
  actions: readonly CertificationActionKind[];
}

/**
 * The tasks of a case by task key (tasks.task_key). The workflow opens them from here and the web offers their forms
 * from here. 延期通知 tasks are numbered in their ID (postponement-1, postponement-2) and share one key.
 */
export const CERTIFICATION_TASKS = {
  'survey-assign': { type: 'survey', title: '認定調査員の割当', candidateRole: 'intake', actions: ['assignSurveyor'] },
  'survey-visit': {
    type: 'survey',
    title: '認定調査',
    candidateRole: 'surveyor',
    actions: ['scheduleSurvey', 'completeSurvey'],
  },
  'opinion-receive': {
    type: 'opinion',
    title: '主治医意見書の受領',
    candidateRole: 'intake',
    actions: ['receiveOpinion'],
  },
  'board-schedule': {
    type: 'board',
    title: '介護認定審査会への割当',
    candidateRole: 'board_secretariat',
    actions: ['scheduleBoard'],
  },
  'board-decide': {
    type: 'board',
    title: '二次判定の登録',
    candidateRole: 'board_secretariat',
    actions: ['recordSecondaryJudgement'],
  },
  decision: { type: 'decision', title: '処分の決定', candidateRole: 'intake', actions: ['decide'] },
  'decision-approve': {
    type: 'decision',
    title: '処分の決裁',
    candidateRole: 'supervisor',
    actions: ['approveDecision'],
  },
  postponement: {
    type: 'postponement',
    title: '延期通知の発行',
    candidateRole: 'intake',
    actions: ['recordPostponementNotice'],
  },
  // お知らせ to the office that filed the 代行申請: nothing to do in the workflow, so no actions.
  'office-result': { type: 'office_notice', title: '認定結果が出ました', candidateRole: 'office_staff', actions: [] },
  'office-postponement': {
    type: 'office_notice',
    title: '延期通知が発行されました',
    candidateRole: 'office_staff',
    actions: [],
  },
  // 暫定利用が全額自己負担になった: the 給付係 settles it (償還・返還) and records how; the office is told.
  'interim-settle': {
    type: 'interim',
    title: '暫定利用の精算（全額自己負担）',
    candidateRole: 'benefits',
    actions: ['settleInterim'],
  },
  'office-interim': {
    type: 'office_notice',
    title: '暫定利用のサービスが全額自己負担になりました',
    candidateRole: 'office_staff',
    actions: [],
  },
} as const satisfies Record<string, CertificationTask>;
export type CertificationTaskKey = keyof typeof CERTIFICATION_TASKS;

/** The table entry of a tasks.task_key; null for a key of another workflow. */
export function certificationTask(taskKey: string | null): CertificationTask | null {
  return taskKey != null && Object.hasOwn(CERTIFICATION_TASKS, taskKey)
    ? CERTIFICATION_TASKS[taskKey as CertificationTaskKey]
    : null;
}

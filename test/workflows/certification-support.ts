/** Shared setup for the certification workflow tests: actors, inputs, a worker per test, read-model polling. */
import type { WorkflowHandle } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Actor } from '../../domain/actor';
import type { CareLevel, IsoDate, Role } from '../../domain/certification/types';
import { addDays, jstDateOf } from '../../domain/dates';
import {
  CERTIFICATION_REVISION,
  certificationUpdates,
  type CertificationAction,
  type CertificationInput,
  type ActionReceipt,
  type Command,
} from '../../workflows/certification/messages';
import type { UpdateDefinition } from '@temporalio/common';
import { withTestWorker } from './temporal-env';

export const INSURER = '432130';

export function actor(role: Role, officeNo: string | null = null): Actor {
  const login = {
    intake: 'nintei',
    surveyor: 'chosa',
    board_secretariat: 'shinsakai',
    benefits: 'kyufu',
    supervisor: 'kakaricho',
    office_staff: 'ukinosato',
    doctor: 'ishi',
  }[role];
  return { userId: 1, loginId: login, displayName: login, role, officeNo, insurerNo: INSURER };
}
export const intake = actor('intake');
export const surveyor = actor('surveyor');
export const secretariat = actor('board_secretariat');

/** Today in Japan (the workflows' calendar when dayMs is one real day). */
export function today(): IsoDate {
  return jstDateOf(Date.now());
}

let counter = 0;
/** A unique application number per test run. */
export function applicationNo(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** A 新規 application for 小川 一郎 (no certification) unless overridden, started on today's revision. */
export function newApplication(prefix: string, over: Partial<CertificationInput> = {}): CertificationInput {
  return {
    insurerNo: INSURER,
    applicationNo: applicationNo(prefix),
    insuredNo: '0000100003',
    type: 'new',
    appliedOn: today(),
    applicant: { kind: 'family', name: '小川 花子' },
    identityCheckedBy: 'nintei',
    identityCheckMethod: '運転免許証',
    doctor: { name: '宇土 誠', clinic: '宇城中央クリニック', phone: '0964-32-9999' },
    residence: { kind: 'home' },
    consent: { granted: true, date: today(), obtainedBy: 'municipality' },
    receivedBy: 'nintei',
    revision: CERTIFICATION_REVISION,
    ...over,
  };
}

/** Runs fn with a worker on its own task queue. */
export const withWorker = withTestWorker;

/** Sends one action as its Update (update ID optional); answers the Update's receipt. */
export function act(
  handle: WorkflowHandle,
  who: Actor,
  action: CertificationAction,
  updateId?: string,
): Promise<ActionReceipt> {
  const update = certificationUpdates[action.kind] as UpdateDefinition<ActionReceipt, [Command]>;
  return handle.executeUpdate(update, { args: [{ actor: who, action }], ...(updateId ? { updateId } : {}) });
}

/** 認定調査 and 主治医意見書 both done. */
export async function completeDocuments(
  handle: WorkflowHandle,
  on: IsoDate,
  minutes = 55,
  dementia: 'IIa' | '自立' = 'IIa',
) {
  await act(handle, intake, { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' });
  await act(handle, surveyor, { kind: 'scheduleSurvey', visitOn: on });
  await act(handle, surveyor, {
    kind: 'completeSurvey',
    surveyedOn: on,
    standardMinutes: minutes,
    dementia,
    specialNotes: '歩行時にふらつきあり',
  });
  await act(handle, intake, { kind: 'receiveOpinion', receivedOn: on, dementia });
}

/** 審査会 → 二次判定 (the 処分 is a task of its own: decides below). */
export async function boardJudges(
  handle: WorkflowHandle,
  on: IsoDate,
  finalLevel: CareLevel,
  months: number,
  extra: { reason?: string; boardMetOn?: IsoDate } = {},
) {
  await act(handle, secretariat, { kind: 'scheduleBoard', panel: '第1合議体', boardOn: on });
  return act(handle, secretariat, {
    kind: 'recordSecondaryJudgement',
    finalLevel,
    months,
    careNotes: '転倒に注意',
    serviceTypeRestriction: null,
    ...extra,
  });
}

/** 審査会 → 二次判定 → 処分の決定 by the 認定係 (final at once under the default rules). */
export async function boardDecides(
  handle: WorkflowHandle,
  on: IsoDate,
  finalLevel: CareLevel,
  months: number,
  extra: { reason?: string; boardMetOn?: IsoDate } = {},
) {
  await boardJudges(handle, on, finalLevel, months, extra);
  return act(handle, intake, { kind: 'decide' });
}

/** Polls until fn returns a truthy value; the deadline is generous, as other engineers' runs share the machine. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the read model');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function caseRow(db: Knex, workflowId: string) {
  return db('cases').where({ workflow_id: workflowId }).first();
}
export async function events(db: Knex, workflowId: string): Promise<string[]> {
  return (await db('case_events').where({ workflow_id: workflowId }).orderBy('seq')).map((e) => e.event_type);
}
export async function tasks(db: Knex, workflowId: string) {
  return db('tasks').where({ workflow_id: workflowId }).orderBy('created_at');
}

export { addDays };

/**
 * The few DB-only writes the back office makes outside a workflow: inbox assignment metadata (claim / release)
 * and the withdrawal of a 本人同意. Each returns whether it changed anything so the caller can answer 409.
 */
import type { Knex } from 'knex';

/** 担当する: sets the assignee when the task is open and nobody holds it. */
export async function claimTask(db: Knex, taskId: string, userId: number): Promise<boolean> {
  const n = await db('tasks')
    .where({ id: taskId, status: 'open' })
    .whereNull('assignee_user_id')
    .update({ assignee_user_id: userId });
  return n > 0;
}

/** 担当を外す: clears the assignee; `onlyIfHeldBy` restricts it to the current holder (null = anyone, supervisors). */
export async function releaseTask(db: Knex, taskId: string, onlyIfHeldBy: number | null): Promise<boolean> {
  const q = db('tasks').where({ id: taskId, status: 'open' }).whereNotNull('assignee_user_id');
  if (onlyIfHeldBy != null) q.where('assignee_user_id', onlyIfHeldBy);
  return (await q.update({ assignee_user_id: null })) > 0;
}

/** 同意の撤回: marks the latest granted, not yet withdrawn consent of the person as withdrawn on `on`. */
export async function revokeConsent(db: Knex, insuredNo: string, on: string): Promise<boolean> {
  const latest = await db('consents')
    .where({ insured_no: insuredNo })
    .orderBy('id', 'desc')
    .first('id', 'granted', 'revoked_on');
  if (!latest || !latest.granted || latest.revoked_on) return false;
  return (await db('consents').where({ id: latest.id }).whereNull('revoked_on').update({ revoked_on: on })) > 0;
}

/** 作業一覧: the actor's insurer's tasks for their role (supervisors: every municipal role), claim and release. */
import type { Repositories } from '../../db';
import type { InboxScope, InboxTab, TaskRow } from '../../db/tasks';
import type { Actor } from '../../domain/actor';
import { found } from '../views/common';

/** Supervisors see every municipal role's tasks; everyone else their own role's. */
function scopeOf(actor: Actor): InboxScope {
  return {
    insurerNo: actor.insurerNo,
    candidateRole: actor.role === 'supervisor' ? null : actor.role,
    userId: actor.userId,
  };
}

export class InboxService {
  constructor(private readonly repos: Repositories) {}

  /** One page of a tab and the counts of the open tabs. */
  async page(actor: Actor, tab: InboxTab, page?: number) {
    const scope = scopeOf(actor);
    const [rows, counts] = await Promise.all([
      this.repos.tasks.listInbox({ ...scope, tab, page }),
      this.repos.tasks.inboxCounts(scope),
    ]);
    return { page: rows, counts };
  }

  /** A task of the actor's insurer; NotFoundError for an unknown task and for another insurer's. */
  async task(actor: Actor, id: string): Promise<TaskRow> {
    return found(await this.repos.tasks.getTask(actor.insurerNo, id), '作業が見つかりません');
  }

  claim(actor: Actor, taskId: string): Promise<boolean> {
    return this.repos.tasks.claimTask(actor.insurerNo, taskId, actor.userId);
  }

  /** `onlyIfHeldBy`: the holder who may release it (null: anyone, for supervisors). */
  release(actor: Actor, taskId: string, onlyIfHeldBy: number | null): Promise<boolean> {
    return this.repos.tasks.releaseTask(actor.insurerNo, taskId, onlyIfHeldBy);
  }
}

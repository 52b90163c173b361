/**
 * 作業一覧 (/tasks): the tasks of the user's role. It opens on 「自分の担当と未割当」, where the work is; the other tabs
 * are 自分の担当 / 未割当 / すべて / 完了. One rule, stated on the page: claiming is optional, and completing a task claims
 * it for whoever completes it (db/read-model.ts records it in the task row). POSTs 担当する and 担当を外す.
 */
import type { Request, Response } from 'express';
import { REGISTER_ROLL_CASE_KIND } from '../../../../db/register-roll';
import { INBOX_TABS, type InboxRow, type InboxTab } from '../../../../db/tasks';
import { sameSitePath } from '../../../../domain/security/redirects';
import { ConflictError, ForbiddenError } from '../../../errors';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { dueState, pageParam, pager, qs } from '../../../views/common';

const TAB_LABELS: Record<InboxTab, string> = {
  todo: '自分の担当と未割当',
  mine: '自分の担当',
  unassigned: '未割当',
  all: 'すべて',
  completed: '完了',
};

/**
 * The page where a task is worked: a 居宅届's review page (by its 届出番号), the person's register page for a missing
 * certificate of the yearly roll, else the certification case page.
 */
function taskPage(row: Pick<InboxRow, 'case_kind' | 'application_no' | 'workflow_id' | 'insured_no'>): string {
  if (row.case_kind === 'plan_notification' && row.application_no)
    return `/plan-notifications/${encodeURIComponent(row.application_no)}`;
  if (row.case_kind === REGISTER_ROLL_CASE_KIND && row.insured_no)
    return `/persons/${encodeURIComponent(row.insured_no)}/register`;
  return `/cases/${encodeURIComponent(row.workflow_id)}`;
}

export function inboxHandlers(services: Services) {
  return {
    list: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const tab = (INBOX_TABS as string[]).includes(qs(req, 'tab') ?? '') ? (qs(req, 'tab') as InboxTab) : 'todo';
      const { page, counts } = await services.inbox.page(actor, tab, pageParam(req));
      const on = services.today();
      res.render('caseworker/tasks', {
        title: '作業一覧',
        tab,
        tabs: INBOX_TABS.map((t) => ({
          key: t,
          label: TAB_LABELS[t],
          count: t === 'completed' ? null : `${counts[t].n}${counts[t].capped ? '+' : ''}`,
          current: t === tab,
        })),
        rows: page.rows.map((r) => ({
          ...r,
          href: taskPage(r),
          due: r.status === 'open' ? dueState(r.due_on, on) : null,
          mine: r.assignee_user_id === actor.userId,
        })),
        pager: pager(page, '/tasks', { tab }),
      });
    },

    claim: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const task = await services.inbox.task(actor, String(req.params.id));
      if (actor.role !== 'supervisor' && task.candidate_role !== actor.role)
        throw new ForbiddenError('この作業を担当する権限がありません');
      if (!(await services.inbox.claim(actor, task.id)))
        throw new ConflictError('この作業は既に担当者が決まっているか、完了しています');
      await services.audit.record({
        actor,
        action: 'task.claim',
        target: `task:${task.id}`,
        detail: { workflowId: task.workflow_id },
        ip: req.ip,
      });
      req.session.flash = `「${task.title}」を担当しました`;
      res.redirect(backTo(req));
    },

    release: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const task = await services.inbox.task(actor, String(req.params.id));
      const holder = actor.role === 'supervisor' ? null : actor.userId;
      if (!(await services.inbox.release(actor, task.id, holder)))
        throw new ConflictError('この作業の担当を外すことはできません（担当者ではないか、完了しています）');
      await services.audit.record({
        actor,
        action: 'task.release',
        target: `task:${task.id}`,
        detail: { workflowId: task.workflow_id, previous: task.assignee_user_id },
        ip: req.ip,
      });
      req.session.flash = `「${task.title}」の担当を外しました`;
      res.redirect(backTo(req));
    },
  };
}

/** Back to the page the form was on (same-site paths only). */
function backTo(req: Request): string {
  return sameSitePath(req.body?.back) ?? '/tasks';
}

/** お知らせ・依頼 (/office/tasks): what the office must do, the お知らせ it was sent (結果・延期通知), and what is done. */
import type { Request, Response } from 'express';
import type { Services } from '../../services';
import { dueState } from '../../views/common';
import { officeNoOf } from './office-of';

/** Task type of a お知らせ: nothing to do, so it is listed apart from the 依頼. */
const NOTICE_TYPE = 'office_notice';

export function officeTasksHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const on = services.today();
    const { open, done } = await services.office.tasks(officeNoOf(req));
    res.render('office/tasks', {
      title: 'お知らせ・依頼',
      notices: open.filter((t) => t.task_type === NOTICE_TYPE),
      open: open.filter((t) => t.task_type !== NOTICE_TYPE).map((t) => ({ ...t, due: dueState(t.due_on, on) })),
      done,
    });
  };
}

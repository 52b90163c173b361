/** The office's own 居宅届, newest first (/office/plan-notifications). */
import type { Request, Response } from 'express';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';

export function planListHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const rows = await services.planNotification.listForOffice(actorOf(req));
    res.render('office/plan-list', { title: '居宅届（居宅サービス計画作成依頼届出）', base: req.baseUrl, rows });
  };
}

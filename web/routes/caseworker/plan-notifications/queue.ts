/** 給付係の審査一覧 (/plan-notifications): open filings first, then the recently closed. */
import type { Request, Response } from 'express';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';

export function planQueueHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const queue = await services.planNotification.reviewQueue(actorOf(req));
    res.render('caseworker/plan-queue', { title: '居宅届の審査', base: req.baseUrl, ...queue });
  };
}

/**
 * Before the office's insurer is online (利用開始日 not reached or data migration not complete) its person pages and
 * documents answer 「まだご利用いただけません（利用開始日 …）」 instead of anything about a person.
 */
import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../../errors';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { notYetMessage } from './registrations';

export function requireOnline(services: Services) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const status = await services.registrations.onlineStatus(actorOf(req).insurerNo, services.today());
      if (!status.online) throw new ForbiddenError(notYetMessage(status.startOn));
      next();
    } catch (err) {
      next(err);
    }
  };
}

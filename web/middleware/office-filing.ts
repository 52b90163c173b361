import type { NextFunction, Request, Response } from 'express';
import type { OfficeFiling } from '../../domain/offices/filing';
import type { Services } from '../services';
import { actorOf } from './auth';

/**
 * Lets an office through to a filing page (GET and POST) only when its 指定サービス種別 may file that document today
 * (domain/offices/filing.ts); otherwise 403 with the rule's one message. Server-side, whatever the form sends.
 */
export function requireFiling(services: Services, filing: OfficeFiling) {
  return (req: Request, _res: Response, next: NextFunction) => {
    services.officeRegister.assertMayFile(actorOf(req), filing, services.today()).then(() => next(), next);
  };
}

import type { NextFunction, Request, Response } from 'express';
import type { Services } from '../services';
import { ForbiddenError } from '../errors';
import { actorOf } from './auth';

/** Paths a user with a reset password may still reach: the change form and logging out. */
const WHILE_RESET = new Set(['/account/password', '/logout']);

/**
 * Every signed-in request checks the account as it is now: a disabled account's session ends at once, so does one
 * whose role changed (the session holds the role it signed in with), and after a reset the user changes the password
 * before anything else.
 */
export function accountGuard(services: Services) {
  return (req: Request, res: Response, next: NextFunction) => {
    const actor = actorOf(req);
    services.accounts.state(actor).then((state) => {
      if (!state?.active || state.role !== actor.role) {
        req.session.destroy(() => res.redirect('/login'));
        return;
      }
      if (state.mustChangePassword && !WHILE_RESET.has(req.path)) return res.redirect('/account/password');
      next();
    }, next);
  };
}

/** An office's administrator (users.office_admin, read now, not from the login). */
export function requireOfficeAdmin(services: Services) {
  return (req: Request, _res: Response, next: NextFunction) => {
    services.accounts
      .state(actorOf(req))
      .then(
        (state) => (state?.officeAdmin ? next() : next(new ForbiddenError('事業所の管理者のみ利用できます'))),
        next,
      );
  };
}

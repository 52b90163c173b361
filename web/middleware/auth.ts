import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../../domain/actor';
import { Action, can } from '../../domain/access';
import { isMunicipalRole } from '../../domain/accounts';
import { ForbiddenError } from '../errors';

declare module 'express-session' {
  interface SessionData {
    actor?: Actor;
    flash?: string;
  }
}

/** The signed-in user, or undefined. */
export function currentActor(req: Request): Actor | undefined {
  return req.session?.actor;
}

/** The signed-in user; only call behind requireLogin. */
export function actorOf(req: Request): Actor {
  const actor = req.session?.actor;
  if (!actor) throw new ForbiddenError('ログインしてください');
  return actor;
}

/** Sends anonymous users to the login page (HTML) or answers 401 (JSON). */
export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (req.session?.actor) return next();
  if (req.path.startsWith('/api/')) {
    res.status(401).json({ error: 'ログインが必要です' });
    return;
  }
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
}

/** Lets the request through only when the user's role may perform `action` (domain/access.ts). */
export function requireAction(action: Action) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const actor = req.session?.actor;
    if (actor && can(actor.role, action)) return next();
    next(new ForbiddenError());
  };
}

/** Office staff only (care offices and facilities). */
export function requireOffice(req: Request, _res: Response, next: NextFunction): void {
  const actor = req.session?.actor;
  if (actor?.role === 'office_staff' && actor.officeNo) return next();
  next(new ForbiddenError('事業所の職員のみ利用できます'));
}

/** Municipal staff only. */
export function requireMunicipal(req: Request, _res: Response, next: NextFunction): void {
  const actor = req.session?.actor;
  if (actor && isMunicipalRole(actor.role) && actor.officeNo == null) return next();
  next(new ForbiddenError('市の職員のみ利用できます'));
}

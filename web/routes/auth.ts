import { Router } from 'express';
import { z } from 'zod';
import { formatWarekiDateTime } from '../../domain/dates';
import { sameSitePath } from '../../domain/security/redirects';
import type { Services } from '../services';
import { parseForm } from '../forms';
import { ValidationError } from '../errors';

const loginSchema = z.object({
  loginId: z.string({ error: 'ログインIDを入力してください' }).max(64, 'ログインIDが長すぎます'),
  password: z.string({ error: 'パスワードを入力してください' }).max(200, 'パスワードが長すぎます'),
  next: z.unknown().optional(),
});

const WRONG = 'ログインIDまたはパスワードが正しくありません';
// The same words whether the login ID exists or not, so a lock tells a guesser nothing about accounts.
const locked = (until: number) =>
  `ログインに続けて失敗したため、一時的にログインできません。${formatWarekiDateTime(until)} 以降にもう一度お試しください`;

/** Where each role lands after login. */
function homeOf(role: string): string {
  if (role === 'office_staff') return '/office';
  if (role === 'doctor') return '/medical';
  if (role === 'supervisor') return '/dashboard';
  return '/tasks';
}

export function authRoutes(services: Services): Router {
  const router = Router();
  router.get('/login', (req, res) => {
    res.render('login', { title: 'ログイン', next: sameSitePath(req.query.next) });
  });
  router.post('/login', async (req, res, next) => {
    const ip = req.ip ?? 'unknown';
    try {
      const form = parseForm(loginSchema, req.body);
      const until = await services.loginThrottle.lockedUntil(form.loginId, ip);
      if (until != null) {
        await services.audit.record({
          loginId: form.loginId,
          action: 'login.locked',
          target: `user:${form.loginId}`,
          ip,
        });
        throw new ValidationError([{ field: 'password', message: locked(until) }]);
      }
      const actor = await services.users.authenticate(form.loginId, form.password);
      if (!actor) {
        await services.loginThrottle.failed(form.loginId, ip);
        await services.audit.record({
          loginId: form.loginId,
          action: 'login.failed',
          target: `user:${form.loginId}`,
          ip,
        });
        throw new ValidationError([{ field: 'password', message: WRONG }]);
      }
      await services.loginThrottle.succeeded(form.loginId);
      // A new session ID at login: an ID planted before it (session fixation) is worth nothing after.
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.actor = actor;
        void services.audit.record({ actor, action: 'login', target: `user:${actor.loginId}`, ip }).catch(next);
        res.redirect(sameSitePath(form.next) ?? homeOf(actor.role));
      });
    } catch (err) {
      if (err instanceof ValidationError) {
        res.status(400).render('login', {
          title: 'ログイン',
          errors: err.errors,
          values: { loginId: typeof req.body?.loginId === 'string' ? req.body.loginId : '' },
          next: sameSitePath(req.body?.next),
        });
        return;
      }
      next(err);
    }
  });
  router.post('/logout', (req, res, next) => {
    const actor = req.session.actor;
    req.session.destroy((err) => {
      if (err) return next(err);
      if (actor)
        void services.audit
          .record({ actor, action: 'logout', target: `user:${actor.loginId}`, ip: req.ip })
          .catch(next);
      res.clearCookie('kaigo.sid');
      res.redirect('/');
    });
  });
  return router;
}

export { homeOf };

import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../services';
import { parseForm } from '../forms';
import { ValidationError } from '../errors';

const loginSchema = z.object({
  loginId: z.string({ error: 'ログインIDを入力してください' }).max(64, 'ログインIDが長すぎます'),
  password: z.string({ error: 'パスワードを入力してください' }).max(200, 'パスワードが長すぎます'),
  next: z.string().optional(),
});

/** Where each role lands after login. */
function homeOf(role: string): string {
  if (role === 'office_staff') return '/office';
  if (role === 'supervisor') return '/dashboard';
  return '/tasks';
}

/** Only same-site relative paths may be used as the post-login destination. */
function safeNext(next: string | undefined): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
}

export function authRoutes(services: Services): Router {
  const router = Router();
  router.get('/login', (req, res) => {
    res.render('login', { title: 'ログイン', next: safeNext(req.query.next as string | undefined) });
  });
  router.post('/login', async (req, res, next) => {
    try {
      const form = parseForm(loginSchema, req.body);
      const actor = await services.users.authenticate(form.loginId, form.password);
      if (!actor) {
        await services.audit.record({
          loginId: form.loginId,
          action: 'login.failed',
          target: `user:${form.loginId}`,
          ip: req.ip,
        });
        throw new ValidationError([{ field: 'password', message: 'ログインIDまたはパスワードが正しくありません' }]);
      }
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.actor = actor;
        void services.audit.record({ actor, action: 'login', target: `user:${actor.loginId}`, ip: req.ip }).catch(next);
        res.redirect(safeNext(form.next) ?? homeOf(actor.role));
      });
    } catch (err) {
      if (err instanceof ValidationError) {
        res.status(400).render('login', {
          title: 'ログイン',
          errors: err.errors,
          values: { loginId: req.body?.loginId },
          next: safeNext(req.body?.next),
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
      res.redirect('/');
    });
  });
  return router;
}

export { homeOf };

/** パスワードの変更 (/account/password): every user's own; required after a reset before any other page. */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../domain/accounts';
import { ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { homeOf } from '../auth';

const PATH = '/account/password';
const schema = z.object({
  password: z
    .string({ error: '新しいパスワードを入力してください' })
    .max(PASSWORD_MAX_LENGTH, 'パスワードが長すぎます'),
});

export function ownPasswordHandlers(services: Services) {
  return {
    form: async (req: Request, res: Response) => {
      const kept = takeKeptForm(req);
      const state = await services.accounts.state(actorOf(req));
      res.render('admin/own-password', {
        title: 'パスワードの変更',
        forced: state?.mustChangePassword ?? false,
        minLength: PASSWORD_MIN_LENGTH,
        errors: kept?.errors ?? [],
        err: errorMap(kept?.errors ?? []),
      });
    },
    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      try {
        const f = parseForm(schema, { password: req.body?.password });
        // compared with its hash as typed, so it does not go through parseForm's normalising
        const current = typeof req.body?.current === 'string' ? req.body.current : '';
        await services.accounts.changeOwnPassword(actor, current, f.password);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return redirectWithErrors(req, res, PATH, err.errors);
      }
      await services.audit.record({
        actor,
        action: 'account.password_change',
        target: `user:${actor.loginId}`,
        ip: req.ip,
      });
      req.session.flash = 'パスワードを変更しました';
      res.redirect(303, homeOf(actor.role));
    },
  };
}

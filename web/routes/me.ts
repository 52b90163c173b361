/**
 * 本人の閲覧 (/me): the person checks their identity (① 被保険者証の項目 or ② マイナンバーカードの読取り) and sees their own
 * applications, result and certificates, read-only. A separate 本人 session (req.session.self), never a staff login:
 * a passed check starts a new session (a staff login in the same browser ends), staff pages do not accept it, and /me
 * never shows anything from a staff login. Failed checks are throttled like logins, per number and per address, answer
 * one message for every reason, and are audited; so is every view.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { formatWarekiDateTime } from '../../domain/dates';
import { ValidationError } from '../errors';
import { errorMap, parseForm } from '../forms';
import type { Services } from '../services';
import { SELF_IDENTITY_REFUSAL, type SelfSession } from '../services/self-view';
import { identityMethodSchema, identitySchema } from './office/registrations';

declare module 'express-session' {
  interface SessionData {
    self?: SelfSession;
  }
}

const PATH = '/me';
const METHODS = [
  { value: 'insured_card', label: '被保険者証の項目（被保険者番号・保険者番号・生年月日）' },
  { value: 'my_number_card', label: 'マイナンバーカードの読取り（券面の氏名・住所・生年月日）' },
];
const locked = (until: number) =>
  `本人確認に続けて失敗したため、一時的にご利用いただけません。${formatWarekiDateTime(until)} 以降にもう一度お試しください`;

/** The throttle's key for a check: the typed number (or the card reader), never a staff login ID. */
const throttleKey = (body: Record<string, unknown>) =>
  `本人確認:${body.method === 'insured_card' && typeof body.insuredNo === 'string' ? body.insuredNo.slice(0, 20) : 'card'}`;

function renderForm(
  res: Response,
  status: number,
  values: Record<string, unknown>,
  errors: { field: string; message: string }[] = [],
) {
  res.status(status).render('me/identify', {
    title: 'ご本人の認定・証の情報',
    action: `${PATH}/identify`,
    methods: METHODS,
    values,
    errors,
    err: errorMap(errors),
  });
}

export function meRoutes(services: Services): Router {
  const router = Router();

  router.get(PATH, async (req: Request, res: Response) => {
    const self = req.session.self;
    if (!self) return renderForm(res, 200, { method: 'insured_card' });
    const view = await services.selfView.view(self, services.today());
    await services.audit.record({
      loginId: `本人:${self.insuredNo}`,
      action: 'self.view',
      target: `person:${self.insuredNo}`,
      detail: { insurerNo: self.insurerNo },
      ip: req.ip,
    });
    res.render('me/view', { title: 'ご本人の認定・証の情報', ...view });
  });

  router.post(`${PATH}/identify`, async (req: Request, res: Response, next) => {
    const ip = req.ip ?? 'unknown';
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = throttleKey(body);
    const values = {
      method: body.method,
      insuredNo: body.insuredNo,
      insurerNo: body.insurerNo,
      birthDate: body.birthDate,
    };
    try {
      const until = await services.loginThrottle.lockedUntil(key, ip);
      if (until != null) {
        await services.audit.record({ loginId: key, action: 'self.identify.locked', target: 'self', ip });
        throw new ValidationError([{ field: 'identity', message: locked(until) }]);
      }
      parseForm(identityMethodSchema, body);
      const form = parseForm(identitySchema, body);
      const who = await services.selfView.identify(form);
      if (!who) {
        await services.loginThrottle.failed(key, ip);
        await services.audit.record({
          loginId: key,
          action: 'self.identify.failed',
          target: form.method === 'insured_card' ? `person:${form.insuredNo}` : 'card',
          detail: { method: form.method },
          ip,
        });
        throw new ValidationError([{ field: 'identity', message: SELF_IDENTITY_REFUSAL }]);
      }
      await services.loginThrottle.succeeded(key);
      // A new session: whatever was signed in before (a staff login, another person) is gone.
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.self = { ...who, method: form.method, identifiedAt: new Date().toISOString() };
        void services.audit
          .record({
            loginId: `本人:${who.insuredNo}`,
            action: 'self.identify',
            target: `person:${who.insuredNo}`,
            detail: { method: form.method, insurerNo: who.insurerNo },
            ip,
          })
          .then(() => res.redirect(303, PATH))
          .catch(next);
      });
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(res, 400, values, err.errors);
      next(err);
    }
  });

  router.post(`${PATH}/logout`, (req: Request, res: Response, next) => {
    const self = req.session.self;
    req.session.destroy((err) => {
      if (err) return next(err);
      if (self)
        void services.audit
          .record({
            loginId: `本人:${self.insuredNo}`,
            action: 'self.logout',
            target: `person:${self.insuredNo}`,
            ip: req.ip,
          })
          .catch(next);
      res.clearCookie('kaigo.sid');
      res.redirect(303, PATH);
    });
  });

  return router;
}

/**
 * 職員アカウント: the city's 監督者 at /admin/accounts (its city staff and each office's administrator) and an office's
 * administrator at /office/staff or /medical/staff (its own staff). Create, change role and name, disable, reset the
 * password (the owner changes it at next login). What a manager may touch is domain/accounts.ts; anything else is 404.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { isMunicipalRole, MUNICIPAL_ROLES, OUTSIDE_ROLES, PASSWORD_MAX_LENGTH } from '../../../domain/accounts';
import { ROLES, type Role } from '../../../domain/certification/types';
import { roleLabel } from '../../../domain/glossary';
import { isOfficeNumber, OFFICE_NUMBER_MESSAGE } from '../../../domain/people/identifiers';
import { type FieldError, ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

const password = z.string({ error: 'パスワードを入力してください' }).max(PASSWORD_MAX_LENGTH, 'パスワードが長すぎます');
const role = z.enum(ROLES, { error: '役割を選んでください' });
const editSchema = z.object({
  displayName: z.string({ error: '氏名を入力してください' }).max(100, '氏名は100文字以内で入力してください'),
  role,
  active: z.literal('yes').optional(),
});
const newSchema = editSchema.omit({ active: true }).extend({
  loginId: z
    .string({ error: 'ログインIDを入力してください' })
    .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'ログインIDは半角英小文字・数字・記号（. _ -）の3〜64文字で入力してください'),
  officeNo: z.string().refine(isOfficeNumber, OFFICE_NUMBER_MESSAGE).optional(),
  password,
});
const resetSchema = z.object({ password });

const roleOptions = (municipal: boolean) =>
  (municipal ? [...MUNICIPAL_ROLES, ...OUTSIDE_ROLES] : OUTSIDE_ROLES).map((r) => ({ value: r, label: roleLabel(r) }));

/** The account pages under `base`; `municipal` when the manager is the city (it may name an office). */
export function accountHandlers(services: Services, base: string, municipal: boolean) {
  const accounts = services.accounts;
  const who = (req: Request, loginId: string) => ({ actor: actorOf(req), target: `user:${loginId}`, ip: req.ip });
  const idOf = (req: Request) => Number(req.params.id);
  const back = (req: Request, res: Response, path: string) => (err: unknown) => {
    if (!(err instanceof ValidationError)) throw err;
    redirectWithErrors(req, res, path, err.errors);
  };
  const form = (res: Response, view: string, o: Record<string, unknown> & { errors?: FieldError[] }) =>
    res.render(view, { ...o, base, municipal, roles: roleOptions(municipal), err: errorMap(o.errors ?? []) });

  return {
    list: async (req: Request, res: Response) => {
      const rows = await accounts.list(actorOf(req));
      res.render('admin/accounts', {
        title: '職員アカウント',
        base,
        municipal,
        accounts: rows.map((a) => ({ ...a, roleLabel: roleLabel(a.role as Role), active: Boolean(a.active) })),
      });
    },

    newForm: (req: Request, res: Response) => {
      const kept = takeKeptForm(req);
      form(res, 'admin/account-new', { title: 'アカウントの作成', values: kept?.values ?? {}, errors: kept?.errors });
    },

    create: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      try {
        const f = parseForm(newSchema, req.body);
        const officeNo = municipal ? (f.officeNo ?? null) : actor.officeNo;
        await accounts.create(actor, f.loginId, f.password, {
          displayName: f.displayName,
          role: f.role,
          officeNo,
          // the city makes an office's account only as its administrator, who then makes the rest
          officeAdmin: municipal && officeNo != null,
          active: true,
        });
        await services.audit.record({
          ...who(req, f.loginId),
          action: 'account.create',
          detail: { role: f.role, officeNo },
        });
        req.session.flash = `アカウント ${f.loginId} を作成しました。初回ログイン時にパスワードの変更が必要です`;
        res.redirect(303, base);
      } catch (err) {
        back(req, res, `${base}/new`)(err);
      }
    },

    editForm: async (req: Request, res: Response) => {
      const a = await accounts.get(actorOf(req), idOf(req));
      const kept = takeKeptForm(req);
      const values = kept?.values ?? {
        displayName: a.display_name,
        role: a.role,
        active: a.active ? 'yes' : undefined,
      };
      form(res, 'admin/account-edit', {
        title: `アカウント ${a.login_id}`,
        account: { ...a, city: isMunicipalRole(a.role) && !a.office_no },
        values,
        errors: kept?.errors,
      });
    },

    update: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const a = await accounts.get(actor, idOf(req));
      try {
        const f = parseForm(editSchema, req.body);
        const active = f.active === 'yes';
        await accounts.update(actor, a.id, {
          displayName: f.displayName,
          role: f.role,
          officeAdmin: Boolean(a.office_admin),
          active,
        });
        const detail = { role: f.role, previousRole: a.role, active };
        if (Boolean(a.active) && !active)
          await services.audit.record({ ...who(req, a.login_id), action: 'account.disable', detail });
        else await services.audit.record({ ...who(req, a.login_id), action: 'account.update', detail });
        req.session.flash = `アカウント ${a.login_id} を更新しました`;
        res.redirect(303, base);
      } catch (err) {
        back(req, res, `${base}/${a.id}`)(err);
      }
    },

    resetPassword: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const a = await accounts.get(actor, idOf(req));
      try {
        const f = parseForm(resetSchema, req.body);
        await accounts.resetPassword(actor, a.id, f.password);
        await services.audit.record({ ...who(req, a.login_id), action: 'account.password_reset' });
        req.session.flash = `${a.login_id} のパスワードを再設定しました。次回ログイン時に変更が必要です`;
        res.redirect(303, base);
      } catch (err) {
        back(req, res, `${base}/${a.id}`)(err);
      }
    },
  };
}

/**
 * 事業所台帳 (/admin/offices): the insurer's offices with 事業所番号, name, address, phone and 指定サービス種別; 監督者
 * lists, registers and edits them. Post/redirect/get through web/form-state; every change is audited.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { isOfficeNumber, OFFICE_NUMBER_MESSAGE } from '../../../domain/people/identifiers';
import { SERVICE_TYPE_CODES, SERVICE_TYPES, serviceTypeLabel } from '../../../domain/offices/service-types';
import { officeKindLabel } from '../../../domain/glossary';
import type { OfficeKind } from '../../../domain/certification/types';
import { type FieldError, ValidationError } from '../../errors';
import { redirectWithErrors, takeKeptForm } from '../../form-state';
import { errorMap, parseForm } from '../../forms';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

const list = (v: unknown) => (v == null ? [] : Array.isArray(v) ? v : [v]);

const officeSchema = z.object({
  name: z.string({ error: '事業所名を入力してください' }).max(200, '事業所名は200文字以内で入力してください'),
  address: z.string().max(300, '所在地は300文字以内で入力してください').optional(),
  phone: z
    .string()
    .regex(/^[0-9-]{6,20}$/, '電話番号は数字とハイフンで入力してください')
    .optional(),
  serviceTypes: z.preprocess(
    list,
    z
      .array(z.enum(SERVICE_TYPE_CODES, { error: '指定サービス種別を一覧から選んでください' }))
      .min(1, '指定サービス種別を1つ以上選んでください'),
  ),
});
const newOfficeSchema = officeSchema.extend({
  officeNo: z.string({ error: '事業所番号を入力してください' }).refine(isOfficeNumber, OFFICE_NUMBER_MESSAGE),
});

function renderForm(res: Response, o: { officeNo?: string; values: Record<string, unknown>; errors?: FieldError[] }) {
  const chosen = list(o.values.serviceTypes).map(String);
  res.render('admin/office-form', {
    title: o.officeNo ? `事業所の編集 ${o.officeNo}` : '事業所の登録',
    action: o.officeNo ? `/admin/offices/${o.officeNo}` : '/admin/offices/new',
    isNew: !o.officeNo,
    values: o.values,
    errors: o.errors ?? [],
    err: errorMap(o.errors ?? []),
    types: SERVICE_TYPE_CODES.map((code) => ({
      code,
      label: SERVICE_TYPES[code].label,
      checked: chosen.includes(code),
    })),
  });
}

export function officeRegisterHandlers(services: Services) {
  const register = services.officeRegister;
  const who = (req: Request, officeNo: string) => ({ actor: actorOf(req), target: `office:${officeNo}`, ip: req.ip });
  return {
    list: async (req: Request, res: Response) => {
      const offices = await register.list(actorOf(req));
      res.render('admin/offices', {
        title: '事業所台帳',
        offices: offices.map((o) => ({
          ...o,
          kindLabel: officeKindLabel(o.kind as OfficeKind) ?? o.kind,
          typeLabels: o.service_types.map(serviceTypeLabel),
        })),
      });
    },

    newForm: (req: Request, res: Response) => {
      const kept = takeKeptForm(req);
      renderForm(res, { values: kept?.values ?? {}, errors: kept?.errors });
    },

    create: async (req: Request, res: Response) => {
      try {
        const f = parseForm(newOfficeSchema, req.body);
        const o = { name: f.name, address: f.address ?? null, phone: f.phone ?? null, serviceTypes: f.serviceTypes };
        await register.create(actorOf(req), f.officeNo, o);
        const detail = { name: f.name, serviceTypes: f.serviceTypes };
        await services.audit.record({ ...who(req, f.officeNo), action: 'office.create', detail });
        req.session.flash = `事業所 ${f.officeNo} を登録しました`;
        res.redirect(303, '/admin/offices');
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, '/admin/offices/new', err.errors);
      }
    },

    editForm: async (req: Request, res: Response) => {
      const o = await register.get(actorOf(req), String(req.params.officeNo));
      const kept = takeKeptForm(req);
      const values = kept?.values ?? {
        name: o.name,
        address: o.address ?? '',
        phone: o.phone ?? '',
        serviceTypes: o.service_types,
      };
      renderForm(res, { officeNo: o.office_no, values, errors: kept?.errors });
    },

    update: async (req: Request, res: Response) => {
      const officeNo = (await register.get(actorOf(req), String(req.params.officeNo))).office_no;
      try {
        const f = parseForm(officeSchema, req.body);
        const o = { name: f.name, address: f.address ?? null, phone: f.phone ?? null, serviceTypes: f.serviceTypes };
        await register.update(actorOf(req), officeNo, o);
        const detail = { name: f.name, serviceTypes: f.serviceTypes };
        await services.audit.record({ ...who(req, officeNo), action: 'office.update', detail });
        req.session.flash = `事業所 ${officeNo} を更新しました`;
        res.redirect(303, '/admin/offices');
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, `/admin/offices/${officeNo}`, err.errors);
      }
    },
  };
}

/**
 * 証の記録・訂正 (/persons/:insuredNo/register/certificates/:kind, kind copay or burden-limit): the value, its period
 * (8/1–7/31 by default, a mid-year start allowed) and the reason; ?from= opens the period starting then to correct it.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  CERTIFICATE_KIND_LABELS,
  certificatePeriodOf,
  COPAY_RATIOS,
  periodProblem,
  type CertificateKind,
} from '../../../../domain/register/certificates';
import { REGISTER_ACTIONS } from '../../../../domain/register/actions';
import { BURDEN_LIMIT_STAGE_LABELS, BURDEN_LIMIT_STAGES } from '../../../../domain/register/settings';
import { dateField, textField } from '../../../action-form';
import { NotFoundError, ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { CERTIFICATE_KIND_SLUGS } from '../../../views/register';

const TEXT = REGISTER_ACTIONS.certificate.text;

const CHOICES: Record<CertificateKind, { value: string; label: string }[]> = {
  copay: COPAY_RATIOS.map((r) => ({ value: String(r), label: `${r}割` })),
  burden_limit: BURDEN_LIMIT_STAGES.map((s) => ({ value: s, label: BURDEN_LIMIT_STAGE_LABELS[s] })),
};

/** The form of one certificate kind: value, period and reason; the period must stay inside one 8/1–7/31 year. */
export function certificateSchema(kind: CertificateKind) {
  const values = CHOICES[kind].map((c) => c.value) as [string, ...string[]];
  const label = kind === 'copay' ? '負担割合' : '利用者負担段階';
  return z
    .object({
      value: z.enum(values, { error: `${label}を選択してください` }),
      validFrom: dateField('適用開始日'),
      validTo: dateField('適用終了日').optional(),
      reason: textField(TEXT.reason),
    })
    .transform((v) => ({ ...v, validTo: v.validTo ?? certificatePeriodOf(kind, v.validFrom).to }))
    .superRefine((v, ctx) => {
      const problem = periodProblem(kind, { from: v.validFrom, to: v.validTo });
      if (problem) ctx.addIssue({ code: 'custom', path: ['validTo'], message: problem });
    });
}

function kindOf(req: Request): CertificateKind {
  const slug = String(req.params.kind);
  const kind = (Object.keys(CERTIFICATE_KIND_SLUGS) as CertificateKind[]).find(
    (k) => CERTIFICATE_KIND_SLUGS[k] === slug,
  );
  if (!kind) throw new NotFoundError('証の種類が見つかりません');
  return kind;
}

export function certificateHandlers(services: Services) {
  return {
    form: async (req: Request, res: Response) => {
      const kind = kindOf(req);
      const insuredNo = String(req.params.insuredNo);
      const today = services.today();
      const { person, certificates } = await services.register.page(actorOf(req), insuredNo, today);
      const from = typeof req.query.from === 'string' ? req.query.from : null;
      const existing = certificates.find((r) => r.kind === kind && r.superseded_by == null && r.valid_from === from);
      const period = certificatePeriodOf(kind, today);
      const kept = takeKeptForm(req);
      res.render('caseworker/register-certificate', {
        title: `${CERTIFICATE_KIND_LABELS[kind]}の${existing ? '訂正' : '記録'}`,
        person,
        slug: CERTIFICATE_KIND_SLUGS[kind],
        valueLegend: kind === 'copay' ? '負担割合' : '利用者負担段階',
        choices: CHOICES[kind],
        values: kept?.values ?? {
          value: existing?.value,
          validFrom: existing?.valid_from ?? period.from,
          validTo: existing?.valid_to ?? period.to,
        },
        errors: kept?.errors,
        fieldErrors: errorMap(kept?.errors ?? []),
        limits: TEXT,
      });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const kind = kindOf(req);
      const insuredNo = String(req.params.insuredNo);
      const back = `/persons/${encodeURIComponent(insuredNo)}/register`;
      try {
        const form = parseForm(certificateSchema(kind), req.body);
        const changed = await services.register.recordCertificate(
          actor,
          insuredNo,
          { kind, ...form },
          services.today(),
        );
        await services.audit.record({
          actor,
          action: 'register.certificate',
          target: `person:${insuredNo}`,
          detail: { kind, value: form.value, validFrom: form.validFrom, validTo: form.validTo, changed },
          ip: req.ip,
        });
        req.session.flash = changed
          ? `${CERTIFICATE_KIND_LABELS[kind]}を記録しました`
          : `${CERTIFICATE_KIND_LABELS[kind]}は同じ内容で記録済みです（変更はありません）`;
        res.redirect(303, back);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        redirectWithErrors(req, res, `${back}/certificates/${CERTIFICATE_KIND_SLUGS[kind]}`, err.errors);
      }
    },
  };
}

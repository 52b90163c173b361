/**
 * 認定調査票の訂正 (/cases/:workflowId/survey/corrections/:itemKey): one item of a completed survey, corrected with a
 * reason. The 認定係 at any time, the surveyor before the 一次判定; the value before, who and when are kept and shown
 * on the documents page. A rejected form comes back with its messages and what was typed.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { valuesFromBody } from '../../../../domain/documents/items';
import { ConflictError, type FieldError, ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { formSections } from '../../../views/documents';

const reasonSchema = z.object({ reason: z.string({ error: '訂正の理由を入力してください' }) });
/** Every value is normalised and checked for forbidden characters like any form (web/forms.ts). */
const anyBody = z.record(z.string(), z.unknown());

const pathOf = (workflowId: string, itemKey: string) =>
  `/cases/${encodeURIComponent(workflowId)}/survey/corrections/${encodeURIComponent(itemKey)}`;
const documentsOf = (workflowId: string) => `/cases/${encodeURIComponent(workflowId)}/documents`;

export function surveyCorrectionHandlers(services: Services) {
  return {
    show: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const workflowId = String(req.params.workflowId);
      const s = await services.documents.surveyCorrection(actor, workflowId, String(req.params.itemKey));
      const kept = takeKeptForm(req);
      const errors = kept?.errors ?? [];
      const oneItem = { title: '認定調査票', sections: [{ key: 'item', title: '訂正する項目', items: [s.item] }] };
      res.render('caseworker/survey-correction', {
        title: `認定調査票の訂正 ${s.item.no} ${s.item.label}`,
        c: s.c,
        action: pathOf(workflowId, s.item.key),
        back: documentsOf(workflowId),
        errors: errors.length ? errors : undefined,
        reason: kept ? String(kept.values.reason ?? '') : '',
        reasonError: errorMap(errors).reason ?? null,
        sections: formSections(oneItem, s.values, kept?.values ?? null, errorMap(errors)),
      });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const workflowId = String(req.params.workflowId);
      const itemKey = String(req.params.itemKey);
      const back = (errors: FieldError[]) => redirectWithErrors(req, res, pathOf(workflowId, itemKey), errors);
      try {
        const { reason } = parseForm(reasonSchema, req.body);
        const body = parseForm(anyBody, req.body);
        const s = await services.documents.surveyCorrection(actor, workflowId, itemKey);
        const oneItem = { title: '', sections: [{ key: 'item', title: '', items: [s.item] }] };
        const v = valuesFromBody(oneItem, body);
        const next = { value: v.items[itemKey] ?? null, note: v.notes[itemKey] ?? null };
        await services.documents.correctSurvey(actor, workflowId, itemKey, next, reason, new Date().toISOString());
        await services.audit.record({
          actor,
          action: 'survey.correct',
          target: `case:${workflowId}`,
          detail: { item: itemKey },
          ip: req.ip,
        });
        req.session.flash = `認定調査票の「${s.item.label}」を訂正しました`;
        res.redirect(303, documentsOf(workflowId));
      } catch (err) {
        if (err instanceof ValidationError) return back(err.errors);
        if (err instanceof ConflictError) return back([{ field: '', message: err.message }]);
        throw err;
      }
    },
  };
}

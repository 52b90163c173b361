/**
 * 認定調査票の入力 (/cases/:workflowId/survey): the assigned 認定調査員 (or the 係長) enters the survey item by item on a
 * tablet, saves a draft and completes it. The office a survey was contracted to (委託) uses the same page at
 * /office/cases/:workflowId/survey. Completing checks every required item and feeds the case through the
 * survey Update with the page's request ID; a rejected form comes back with its messages and everything typed.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { completeness, valuesFromBody } from '../../../../domain/documents/items';
import { SURVEY_FORM } from '../../../../domain/documents/survey-form';
import { ConflictError, type FieldError, ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { formSections } from '../../../views/documents';

const envelope = z.object({
  intent: z.enum(['draft', 'complete', 'feed'], { error: '操作を選んでください' }),
  requestId: z.uuid({ error: '画面を開き直してから操作してください' }),
});
/** Every value is normalised and checked for forbidden characters like any form (web/forms.ts). */
const anyBody = z.record(z.string(), z.unknown());

/** Where the page lives and where it leads: the city's case page, or the office's task list (委託). */
export interface SurveySide {
  base: '/cases' | '/office/cases';
  done: (workflowId: string) => string;
}
const CITY: SurveySide = { base: '/cases', done: (id) => `/cases/${encodeURIComponent(id)}` };
/** The contracted office's side: back to its お知らせ・依頼 when the survey is done. */
export const OFFICE_SURVEY_SIDE: SurveySide = { base: '/office/cases', done: () => '/office/tasks' };

export function surveyHandlers(services: Services, side: SurveySide = CITY) {
  const pathOf = (workflowId: string) => `${side.base}/${encodeURIComponent(workflowId)}/survey`;
  return {
    show: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const workflowId = String(req.params.workflowId);
      const s = await services.documents.survey(actor, workflowId);
      const kept = takeKeptForm(req);
      const errors = kept?.errors ?? [];
      await services.audit.record({
        actor,
        action: 'document.view',
        target: `case:${workflowId}`,
        detail: { document: 'survey', insuredNo: s.c.insured_no, officeNo: actor.officeNo ?? undefined },
        ip: req.ip,
      });
      res.render('caseworker/survey', {
        title: `認定調査票 ${s.c.person_name ?? ''} 様`,
        c: s.c,
        person: s.person,
        action: pathOf(workflowId),
        back: side.done(workflowId),
        requestId: randomUUID(),
        editable: s.editable,
        pendingFeed: s.pendingFeed,
        record: s.record,
        progress: Math.round(completeness(SURVEY_FORM, s.values) * 100),
        errors: errors.length ? errors : undefined,
        sections: formSections(SURVEY_FORM, s.values, kept?.values ?? null, errorMap(errors)),
      });
    },

    submit: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const workflowId = String(req.params.workflowId);
      const path = pathOf(workflowId);
      const back = (errors: FieldError[]) => redirectWithErrors(req, res, path, errors);
      try {
        const { intent, requestId } = parseForm(envelope, req.body);
        const body = parseForm(anyBody, req.body);
        const values = intent === 'feed' ? null : valuesFromBody(SURVEY_FORM, body);
        const now = new Date().toISOString();
        if (intent === 'draft') {
          await services.documents.saveSurveyDraft(actor, workflowId, values!, now);
          req.session.flash = '認定調査票を下書き保存しました';
        } else {
          await services.documents.completeSurvey(actor, workflowId, values, requestId, {
            now,
            today: services.today(),
          });
          req.session.flash = '認定調査票を完了し、認定調査の結果を案件に登録しました';
        }
        const entry = { actor, target: `case:${workflowId}`, detail: { requestId }, ip: req.ip };
        if (intent === 'draft') await services.audit.record({ ...entry, action: 'survey.draft' });
        else await services.audit.record({ ...entry, action: 'survey.complete' });
        res.redirect(303, intent === 'draft' ? path : side.done(workflowId));
      } catch (err) {
        if (err instanceof ValidationError) return back(err.errors);
        if (err instanceof ConflictError) return back([{ field: '', message: err.message }]);
        throw err;
      }
    },
  };
}

/**
 * 資料提供申請の処理 (/disclosures): the city's queue with what the rules decide for each request (per-insurer
 * settings by date), 提供 or 不提供, and the copy printed from the same records (/disclosures/:id/copy). Audited.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { opinionFormById } from '../../../../domain/documents/opinion-form';
import { SURVEY_FORM } from '../../../../domain/documents/survey-form';
import { ConflictError, NotFoundError, ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { documentsView } from '../../../views/documents';

const PATH = '/disclosures';

const decideSchema = z.object({
  answer: z.enum(['grant', 'refuse'], { error: '提供か不提供かを選んでください' }),
  note: z.string().max(500, '理由は500文字以内で入力してください').optional(),
});

const idOf = (req: Request) => {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('資料提供申請が見つかりません');
  return id;
};

export function disclosureHandlers(services: Services) {
  return {
    list: async (req: Request, res: Response) => {
      const kept = takeKeptForm(req);
      const q = await services.disclosures.queue(actorOf(req), services.today());
      res.render('caseworker/disclosures', { title: '資料提供申請', ...q, errors: kept?.errors });
    },

    decide: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const id = idOf(req);
      try {
        const f = parseForm(decideSchema, req.body);
        const d = await services.disclosures.decide(actor, id, f.answer, f.note ?? null, {
          today: services.today(),
          now: new Date().toISOString(),
        });
        const entry = {
          actor,
          target: d.workflowId ? `case:${d.workflowId}` : `disclosure:${id}`,
          detail: { disclosureId: id },
          ip: req.ip,
        };
        if (d.status === 'granted') await services.audit.record({ ...entry, action: 'disclosure.grant' });
        else await services.audit.record({ ...entry, action: 'disclosure.refuse' });
        req.session.flash =
          d.status === 'granted' ? '提供と決定しました。写しを印刷してください' : '不提供と決定しました';
      } catch (err) {
        if (err instanceof ValidationError) return redirectWithErrors(req, res, PATH, err.errors);
        if (err instanceof ConflictError)
          return redirectWithErrors(req, res, PATH, [{ field: '', message: err.message }]);
        throw err;
      }
      res.redirect(303, PATH);
    },

    copy: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const id = idOf(req);
      const d = await services.disclosures.copy(actor, id, new Date().toISOString());
      await services.audit.record({
        actor,
        action: 'disclosure.copy',
        target: `case:${d.c.workflow_id}`,
        detail: { disclosureId: id, officeNo: d.r.office_no, insuredNo: d.c.insured_no },
        ip: req.ip,
      });
      res.render('documents/documents', {
        title: `資料提供（写し） ${d.person?.name ?? ''} 様`,
        c: d.c,
        person: d.person,
        back: PATH,
        copyOf: { id, officeName: d.officeName, officeNo: d.r.office_no, decidedAt: d.r.decided_at },
        ...documentsView(d, {
          medical: true,
          include: { survey: d.survey != null, opinion: d.opinion != null, board: true },
          surveyForm: SURVEY_FORM,
          opinionForm: (v) => opinionFormById(v)?.form ?? null,
        }),
      });
    },
  };
}

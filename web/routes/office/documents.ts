/**
 * 認定資料 for the 担当事業所 (/office/cases/:workflowId/documents): after the 処分, while the office may see the person
 * (本人同意, an active 担当事業所登録, the insurer online), both documents and the 審査会の意見, printable. Any other case
 * answers the same 404 (no telling whether it exists, is undecided or the consent was withdrawn). Every view is
 * audited.
 */
import type { Request, Response } from 'express';
import { opinionFormById } from '../../../domain/documents/opinion-form';
import { SURVEY_FORM } from '../../../domain/documents/survey-form';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { documentsView } from '../../views/documents';

export function officeDocumentsHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const workflowId = String(req.params.workflowId);
    const d = await services.documents.forOffice(actor, workflowId, services.today());
    await services.audit.record({
      actor,
      action: 'document.view',
      target: `case:${workflowId}`,
      detail: { document: 'all', officeNo: actor.officeNo, insuredNo: d.c.insured_no },
      ip: req.ip,
    });
    res.render('documents/documents', {
      title: `認定資料 ${d.person?.name ?? ''} 様`,
      c: d.c,
      person: d.person,
      back: `/office/cases/${encodeURIComponent(workflowId)}`,
      ...documentsView(d, {
        medical: true,
        surveyForm: SURVEY_FORM,
        opinionForm: (id) => opinionFormById(id)?.form ?? null,
      }),
    });
  };
}

/**
 * 認定資料 (/cases/:workflowId/documents): the 認定調査票, the 主治医意見書 and the 審査会の意見 of a case, printable on
 * A4. The medical parts (特記事項, 特別な医療, the opinion's medical items) only for roles with opinion.medical. Every
 * view is audited.
 */
import type { Request, Response } from 'express';
import { can } from '../../../../domain/access';
import { opinionFormById } from '../../../../domain/documents/opinion-form';
import { SURVEY_FORM } from '../../../../domain/documents/survey-form';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { documentsView } from '../../../views/documents';

export function caseDocumentsHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const workflowId = String(req.params.workflowId);
    const d = await services.documents.forMunicipal(actor, workflowId);
    const medical = can(actor.role, 'opinion.medical');
    // 訂正 links: the 認定係, or a surveyor before the 一次判定 (the correction page checks the assignment)
    const mayCorrect =
      can(actor.role, 'survey.correct') || (can(actor.role, 'survey.record') && d.c.primary_level == null);
    await services.audit.record({
      actor,
      action: 'document.view',
      target: `case:${workflowId}`,
      detail: { document: 'all', medical, insuredNo: d.c.insured_no },
      ip: req.ip,
    });
    res.render('documents/documents', {
      title: `認定資料 ${d.person?.name ?? ''} 様`,
      c: d.c,
      person: d.person,
      back: `/cases/${encodeURIComponent(workflowId)}`,
      correctBase: mayCorrect ? `/cases/${encodeURIComponent(workflowId)}/survey/corrections` : null,
      ...documentsView(d, {
        medical,
        surveyForm: SURVEY_FORM,
        opinionForm: (id) => opinionFormById(id)?.form ?? null,
      }),
    });
  };
}

/**
 * One case as the office sees it (/office/cases/:workflowId): whose case it is (name, 申請区分, a link to the person
 * when the office may see them) and the dates that actually happened, not only the planned ones.
 */
import type { Request, Response } from 'express';
import type { ApplicationType } from '../../../domain/certification/types';
import { applicationTypeLabel } from '../../../domain/glossary';
import { NotFoundError } from '../../errors';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { kushiroProgress, stageDiagram } from '../../views/case';
import { officeNoOf } from './office-of';
import { officeInterimForm } from './interim';

export function officeCaseHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const officeNo = officeNoOf(req);
    const workflowId = String(req.params.workflowId);
    const actor = actorOf(req);
    const seen = await services.office.caseFor(actor, officeNo, workflowId, services.today()).catch(async (err) => {
      // a refusal is audited like the person page's; the office gets the one 404 whatever the reason
      if (err instanceof NotFoundError)
        await services.audit.record({
          actor,
          action: 'case.view.denied',
          target: `case:${workflowId}`,
          detail: { officeNo },
          ip: req.ip,
        });
      throw err;
    });
    const { c, personVisible } = seen;
    await services.audit.record({
      actor,
      action: 'case.view',
      target: `case:${workflowId}`,
      detail: { officeNo },
      ip: req.ip,
    });
    // The office's own 代行申請 for a person it may not see: the 申請番号 and the day it filed, nothing of the person
    // (name, 申請区分 as classified, dates, result) until a 担当事業所登録 and 本人同意 open them.
    if (!personVisible) {
      return res.render('office/case-receipt', {
        title: `代行申請 申請番号 ${c.application_no ?? ''}（認定の進捗）`,
        applicationNo: c.application_no,
        appliedOn: c.applied_on,
        interimForm: await officeInterimForm(services, req, workflowId, c.status === 'open'),
      });
    }
    const progress = kushiroProgress(c);
    const type = c.application_type ? applicationTypeLabel(c.application_type as ApplicationType) : '';
    res.render('office/case', {
      title: `${c.person_name ?? c.insured_no} 様の${type}申請（認定の進捗）`,
      c,
      personLink: personVisible ? `/office/persons/${encodeURIComponent(c.insured_no)}` : null,
      // the documents after the 処分, for an office that may see the person (the page checks it again)
      documentsLink: personVisible && c.decided_on ? `/office/cases/${encodeURIComponent(workflowId)}/documents` : null,
      progress,
      // The board's date is a plan until the decision shows it was held.
      boardPlanned: progress.boardOn != null && progress.decidedOn == null,
      diagram: stageDiagram(c.stage),
      interimForm: await officeInterimForm(services, req, workflowId, c.status === 'open'),
    });
  };
}

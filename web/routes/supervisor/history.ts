/** ワークフロー履歴 (/cases/:workflowId/history): the Temporal event history of one case, next to the business one. */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { can } from '../../../domain/access';
import { NotFoundError } from '../../errors';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

/** The workflow ID in the path; an absurdly long one is no case. */
const paramsSchema = z.object({ workflowId: z.string().min(1).max(200) });

/** GET /cases/:workflowId/history: the case of the actor's insurer only (else 404); each view is audited. */
export function historyPage(services: Services) {
  return async (req: Request, res: Response) => {
    const params = paramsSchema.safeParse(req.params);
    if (!params.success) throw new NotFoundError('指定された案件が見つかりません');
    const { workflowId } = params.data;
    const actor = actorOf(req);
    const c = await services.cases.get(actor, workflowId);
    const events = await services.history.events(workflowId);
    await services.audit.record({ actor, action: 'case.history', target: `case:${workflowId}`, ip: req.ip });
    res.render('supervisor/history', {
      title: `ワークフロー履歴 ${c.application_no ?? workflowId}`,
      c,
      events,
      temporalUiUrl: can(actor.role, 'history.decode') ? services.temporalUiUrl(workflowId) : null,
    });
  };
}

/** ワークフロー履歴: the Temporal event history of one case, next to the business history. */
import type { Request, Response } from 'express';
import { can } from '../../../domain/access';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

export function historyHandlers(services: Services) {
  return {
    page: async (req: Request, res: Response) => {
      const workflowId = String(req.params.workflowId);
      const c = await services.cases.get(actorOf(req), workflowId);
      const events = await services.history.events(workflowId);
      await services.audit.record({
        actor: actorOf(req),
        action: 'case.history',
        target: `case:${workflowId}`,
        ip: req.ip,
      });
      res.render('supervisor/history', {
        title: `ワークフロー履歴 ${c.application_no ?? workflowId}`,
        c,
        events,
        temporalUiUrl: can(actorOf(req).role, 'history.decode') ? services.temporalUiUrl(workflowId) : null,
      });
    },
  };
}

/**
 * 被保険者詳細 (/persons/:insuredNo: 被保険者証, 負担割合, 負担限度額, 利用状況, 同意, 担当事業所, 案件) and its one
 * POST, 同意の撤回, which has no fields (a button): nothing to keep, so a refusal is a 409.
 */
import type { Request, Response } from 'express';
import { can } from '../../../../domain/access';
import { ConflictError } from '../../../errors';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { personView } from '../../../views/person';

/** Loads everything a person page shows and writes the 'person.view' audit row. */
export async function loadPersonPage(services: Services, req: Request, insuredNo: string) {
  const today = services.today();
  const page = await services.persons.page(actorOf(req), insuredNo, today);
  await services.audit.record({
    actor: actorOf(req),
    action: 'person.view',
    target: `person:${insuredNo}`,
    ip: req.ip,
  });
  return personView(page.person, { ...page, today });
}

export function personHandlers(services: Services) {
  return {
    show: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const view = await loadPersonPage(services, req, insuredNo);
      const cases = await services.persons.casesOf(actor, insuredNo);
      const { cancellations } = await services.certificationCancellation.page(actor, insuredNo, services.today());
      res.render('caseworker/person', {
        title: `${view.person.name}（${insuredNo}）`,
        ...view,
        cases,
        cancellations,
        canCancel: can(actor.role, 'certification.cancel'),
        canRevoke: can(actor.role, 'certification.intake') && view.consent.active,
        // only the city records consent again after a withdrawal (issue 15)
        canRecordConsent: can(actor.role, 'registration.review'),
        consentChannels: [
          { value: 'application', label: '申請時' },
          { value: 'renewal', label: '更新時' },
          { value: 'counter', label: '窓口' },
        ],
      });
    },

    /** 同意の撤回: the latest consent is marked withdrawn today; offices lose sight of the person at once. */
    revokeConsent: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      if (!(await services.persons.revokeConsent(actor, insuredNo, services.today())))
        throw new ConflictError('撤回できる同意がありません');
      await services.audit.record({ actor, action: 'consent.revoke', target: `person:${insuredNo}`, ip: req.ip });
      req.session.flash = '介護情報基盤への提供の同意を撤回として記録しました';
      res.redirect(`/persons/${encodeURIComponent(insuredNo)}`);
    },
  };
}

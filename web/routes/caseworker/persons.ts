/** 被保険者一覧・詳細 (被保険者証, 負担割合, 負担限度額, 利用状況, 同意, 担当事業所, 案件) and 同意の撤回. */
import type { Request, Response } from 'express';
import { revokeConsent } from '../../../db/commands';
import {
  assignmentsOfPerson,
  benefitUsagesOfPerson,
  casesOfPerson,
  currentConsent,
  getPerson,
  listPersons,
} from '../../../db/queries';
import { can } from '../../../domain/access';
import { ConflictError } from '../../errors';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { found, pageParam, pager, qs } from '../../views/common';
import { personView } from '../../views/person';

/** Loads everything a person page shows and writes the 'person.view' audit row. */
export async function loadPersonPage(services: Services, req: Request, insuredNo: string) {
  const person = found(await getPerson(services.db, insuredNo), '被保険者が見つかりません');
  const [usages, consent, assignments] = await Promise.all([
    benefitUsagesOfPerson(services.db, insuredNo),
    currentConsent(services.db, insuredNo),
    assignmentsOfPerson(services.db, insuredNo),
  ]);
  await services.audit.record({
    actor: actorOf(req),
    action: 'person.view',
    target: `person:${insuredNo}`,
    ip: req.ip,
  });
  return personView(person, { usages, consent, assignments, today: services.today() });
}

export function personHandlers(services: Services) {
  return {
    list: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const q = qs(req, 'q')?.slice(0, 40);
      const page = await listPersons(services.db, { insurerNo: actor.insurerNo, q, page: pageParam(req) });
      res.render('caseworker/persons', {
        title: '被保険者',
        q,
        rows: page.rows,
        pager: pager(page, '/persons', { q }),
      });
    },

    detail: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      const view = await loadPersonPage(services, req, insuredNo);
      const cases = await casesOfPerson(services.db, insuredNo);
      res.render('caseworker/person', {
        title: `${view.person.name}（${insuredNo}）`,
        ...view,
        cases,
        canRevoke: can(actor.role, 'certification.intake') && view.consent.active,
      });
    },

    /** 同意の撤回: the latest consent is marked withdrawn today; offices lose sight of the person at once. */
    revokeConsent: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const insuredNo = String(req.params.insuredNo);
      found(await getPerson(services.db, insuredNo), '被保険者が見つかりません');
      if (!(await revokeConsent(services.db, insuredNo, services.today())))
        throw new ConflictError('撤回できる同意がありません');
      await services.audit.record({ actor, action: 'consent.revoke', target: `person:${insuredNo}`, ip: req.ip });
      req.session.flash = '介護情報基盤への提供の同意を撤回として記録しました';
      res.redirect(`/persons/${encodeURIComponent(insuredNo)}`);
    },
  };
}

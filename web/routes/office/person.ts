/** One client (/office/persons/:insuredNo): 証情報 when the office may see the person (担当 and 本人同意), audited. */
import type { Request, Response } from 'express';
import { ForbiddenError } from '../../errors';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { personView, shownRegisterValues } from '../../views/person';
import { officeNoOf } from './office-of';

export function officePersonHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const officeNo = officeNoOf(req);
    const insuredNo = String(req.params.insuredNo);
    const on = services.today();
    const allowed = await services.office.mayViewPerson(officeNo, insuredNo, on);
    const target = `person:${insuredNo}`;
    if (!allowed) {
      await services.audit.record({ actor, action: 'person.view.denied', target, detail: { officeNo }, ip: req.ip });
      throw new ForbiddenError(
        'この利用者の情報を閲覧する権限がありません（担当事業所であり、本人の同意があることが必要です）',
      );
    }
    const page = await services.persons.page(actor, insuredNo, on);
    await services.audit.record({ actor, action: 'person.view', target, detail: { officeNo }, ip: req.ip });
    const view = personView(page.person, { ...page, today: on });
    const changes = await services.persons.officeChanges(
      officeNo,
      insuredNo,
      shownRegisterValues(view),
      new Date().toISOString(),
    );
    res.render('office/person', { title: `${page.person.name} 様`, ...view, changes });
  };
}

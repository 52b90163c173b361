/** 被保険者台帳 (/persons/:insuredNo/register): current certificates and usage, each with its history. */
import type { Request, Response } from 'express';
import { can } from '../../../../domain/access';
import { errorMap } from '../../../forms';
import { takeKeptForm } from '../../../form-state';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { personView } from '../../../views/person';
import { CERTIFICATE_KIND_SLUGS, certificateSections, restrictionEntries, usageEntries } from '../../../views/register';

export function registerPageHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const insuredNo = String(req.params.insuredNo);
    const today = services.today();
    const [page, person] = await Promise.all([
      services.register.page(actor, insuredNo, today),
      services.persons.page(actor, insuredNo, today),
    ]);
    await services.audit.record({ actor, action: 'person.view', target: `person:${insuredNo}`, ip: req.ip });
    const kept = takeKeptForm(req); // the 証の返納 form's errors (PRG)
    res.render('caseworker/register', {
      errors: kept?.errors,
      fieldErrors: errorMap(kept?.errors ?? []),
      values: kept?.values ?? {},
      title: `被保険者台帳 ${page.person.name}（${insuredNo}）`,
      ...personView(person.person, { ...person, today }),
      certificates: certificateSections(page.certificates),
      entries: usageEntries(page.usages),
      missing: page.missing.map((t) => ({ title: t.title, dueOn: t.due_on, slug: CERTIFICATE_KIND_SLUGS[t.kind] })),
      restrictions: restrictionEntries(page.restrictions),
      canEdit: can(actor.role, 'register.edit'),
    });
  };
}

/** Care office pages: my clients and their progress (self-refreshing), a client's 証情報, a case's progress, tasks. */
import type { Request, Response } from 'express';
import { officeVersionOf } from '../../../db/offices';
import { addMonths } from '../../../domain/dates';
import { ForbiddenError } from '../../errors';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { kushiroProgress, stageDiagram } from '../../views/case';
import { dueState, pageParam, pager } from '../../views/common';
import { personView, renewalStatus } from '../../views/person';

/** Kushiro shows a case's progress for 5 months from the 申請日. */
const PROGRESS_MONTHS = 5;
/** Rows per page of each list on the office home page. */
const PAGE_SIZE = 50;
/** Page parameters of the two lists on the office home page. */
const CLIENTS_PAGE = 'clients';
const CASES_PAGE = 'cases';

function officeNoOf(req: Request): string {
  const officeNo = actorOf(req).officeNo;
  if (!officeNo) throw new ForbiddenError('事業所の職員のみ利用できます');
  return officeNo;
}

export function officePageHandlers(services: Services) {
  return {
    home: async (req: Request, res: Response) => {
      const officeNo = officeNoOf(req);
      const on = services.today();
      const { clients, cases, taskStamp } = await services.office.home(officeNo, {
        today: on,
        since: addMonths(on, -PROGRESS_MONTHS),
        clientsPage: pageParam(req, CLIENTS_PAGE),
        casesPage: pageParam(req, CASES_PAGE),
        pageSize: PAGE_SIZE,
      });
      // Each pager keeps the other list's page.
      const pages = {
        [CLIENTS_PAGE]: clients.page > 1 ? String(clients.page) : undefined,
        [CASES_PAGE]: cases.page > 1 ? String(cases.page) : undefined,
      };
      res.render('office/home', {
        title: '利用者・認定の進捗',
        version: officeVersionOf(on, clients, cases, taskStamp),
        clients: clients.rows.map((p) => ({ ...p, renewal: renewalStatus(p.cert_valid_to, on) })),
        clientsPager: pager(clients, '/office', pages, { pageName: CLIENTS_PAGE, anchor: 'clients' }),
        progress: cases.rows.map((c) => ({
          ...kushiroProgress(c),
          personName: c.person_name,
          insuredNo: c.insured_no,
          filedByMe: c.filed_by_office_no === officeNo,
        })),
        progressPager: pager(cases, '/office', pages, { pageName: CASES_PAGE, anchor: 'progress' }),
        progressMonths: PROGRESS_MONTHS,
      });
    },

    /** { version } for app.js: the page reloads itself when it changes (the same value the page was rendered with). */
    state: async (req: Request, res: Response) => {
      const officeNo = officeNoOf(req);
      const on = services.today();
      res
        .set('Cache-Control', 'no-store')
        .json({ version: await services.office.version(officeNo, on, addMonths(on, -PROGRESS_MONTHS)) });
    },

    person: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const officeNo = officeNoOf(req);
      const insuredNo = String(req.params.insuredNo);
      const on = services.today();
      if (!(await services.office.mayViewPerson(officeNo, insuredNo, on))) {
        await services.audit.record({
          actor,
          action: 'person.view.denied',
          target: `person:${insuredNo}`,
          detail: { officeNo },
          ip: req.ip,
        });
        throw new ForbiddenError(
          'この利用者の情報を閲覧する権限がありません（担当事業所であり、本人の同意があることが必要です）',
        );
      }
      const { person, usages, consent, assignments } = await services.persons.page(actor, insuredNo);
      await services.audit.record({
        actor,
        action: 'person.view',
        target: `person:${insuredNo}`,
        detail: { officeNo },
        ip: req.ip,
      });
      const view = personView(person, { usages, consent, assignments, today: on });
      res.render('office/person', { title: `${person.name} 様`, ...view });
    },

    case: async (req: Request, res: Response) => {
      const officeNo = officeNoOf(req);
      const c = await services.office.caseFor(actorOf(req), officeNo, String(req.params.workflowId), services.today());
      res.render('office/case', {
        title: `認定の進捗 ${c.application_no ?? ''}`,
        c,
        progress: kushiroProgress(c),
        diagram: stageDiagram(c.stage),
      });
    },

    tasks: async (req: Request, res: Response) => {
      const officeNo = officeNoOf(req);
      const on = services.today();
      const { open, done } = await services.office.tasks(officeNo);
      res.render('office/tasks', {
        title: 'お知らせ・依頼',
        open: open.map((t) => ({ ...t, due: dueState(t.due_on, on) })),
        done,
      });
    },
  };
}

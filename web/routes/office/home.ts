/** The office home (/office): my clients and their progress, self-refreshing through /office/state. */
import type { Request, Response } from 'express';
import { officeVersionOf } from '../../../db/offices';
import { addMonths } from '../../../domain/dates';
import type { Services } from '../../services';
import { kushiroProgress } from '../../views/case';
import { pageParam, pager } from '../../views/common';
import { renewalStatus } from '../../views/person';
import { actorOf } from '../../middleware/auth';
import { officeNoOf } from './office-of';

/** Kushiro shows a case's progress for 5 months from the 申請日. */
const PROGRESS_MONTHS = 5;
/** Rows per page of each list on the office home page. */
const PAGE_SIZE = 50;
/** Page parameters of the two lists on the office home page. */
const CLIENTS_PAGE = 'clients';
const CASES_PAGE = 'cases';

export function officeHomeHandlers(services: Services) {
  return {
    show: async (req: Request, res: Response) => {
      const officeNo = officeNoOf(req);
      const on = services.today();
      const keepsCards = await services.custody.officeKeepsCards(actorOf(req), on);
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
        keepsCards,
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
  };
}

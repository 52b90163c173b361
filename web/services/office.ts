/**
 * What a care office reads: its 利用者 and 認定の進捗 lists (SQL form of officeMayViewPerson, checked against it by
 * test/db/office-visibility.test.ts), the page's version, its tasks, and the single-person and single-case checks
 * that domain/access.ts officeMayViewPerson decides.
 */
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';
import { officeMayViewPerson } from '../../domain/access';
import type { IsoDate } from '../../domain/certification/types';
import { NotFoundError } from '../errors';

/** The one answer for a case the office may not open, whether or not it exists. */
export const OFFICE_CASE_NOT_FOUND = '案件が見つかりません';

/** Clients offered on a form; an office with more types the number (the prefill checks it the same way). */
const CLIENT_CHOICES = 100;

type Facts = Awaited<ReturnType<Repositories['offices']['accessFactsFor']>> extends Map<string, infer F> ? F : never;

/** officeMayViewPerson on the facts accessFactsFor read (the office pages' single-person check). */
export function mayView(officeNo: string, today: IsoDate, f: Facts | undefined): boolean {
  if (!f) return false;
  return officeMayViewPerson({
    officeNo,
    today,
    consent: f.consent ? { granted: f.consent.granted, revokedOn: f.consent.revoked_on } : null,
    registrations: f.registrations,
    insurer: f.insurer,
  });
}

/** officeMayViewPerson for one person on what the database holds today (every service that answers an office). */
export async function officeMayViewToday(
  repos: Repositories,
  officeNo: string,
  insuredNo: string,
  today: IsoDate,
): Promise<boolean> {
  const facts = await repos.offices.accessFactsFor([insuredNo]);
  return mayView(officeNo, today, facts.get(insuredNo));
}

export class OfficeService {
  constructor(private readonly repos: Repositories) {}

  /** The home page's two lists (one page each) and the stamp of the office's tasks. */
  async home(
    officeNo: string,
    f: { today: IsoDate; since: IsoDate; clientsPage?: number; casesPage?: number; pageSize: number },
  ) {
    const o = this.repos.offices;
    const [clients, cases, taskStamp] = await Promise.all([
      o.officeClientsPage({ officeNo, today: f.today, page: f.clientsPage, pageSize: f.pageSize }),
      o.officeProgressPage({ officeNo, today: f.today, since: f.since, page: f.casesPage, pageSize: f.pageSize }),
      o.officeTaskStamp(officeNo),
    ]);
    return { clients, cases, taskStamp };
  }

  version(officeNo: string, today: IsoDate, since: IsoDate): Promise<string> {
    return this.repos.offices.officeVersion(officeNo, today, since);
  }

  /** True when the office may see this person today. */
  async mayViewPerson(officeNo: string, insuredNo: string, today: IsoDate): Promise<boolean> {
    return officeMayViewToday(this.repos, officeNo, insuredNo, today);
  }

  /**
   * The case (of the staff's insurer), when the office filed it or may see its person. Every other case answers the
   * same 404 as an unknown ID: a 403 would tell the office that the ID exists (issue 15).
   * `personVisible` says whether the page may link to the person (a 代行申請 alone does not open the person's page).
   */
  async caseFor(actor: Actor, officeNo: string, workflowId: string, today: IsoDate) {
    const c = await this.repos.cases.getCase(actor.insurerNo, workflowId);
    const personVisible = c != null && (await this.mayViewPerson(officeNo, c.insured_no, today));
    if (c && (c.filed_by_office_no === officeNo || personVisible)) return { c, personVisible };
    throw new NotFoundError(OFFICE_CASE_NOT_FOUND);
  }

  /** The office's clients to pick from on a form (name order; the first page of the clients list at its largest, 100). */
  async clientChoices(officeNo: string, today: IsoDate) {
    const page = await this.repos.offices.officeClientsPage({ officeNo, today, pageSize: CLIENT_CHOICES });
    return page.rows.map((p) => ({ insuredNo: p.insured_no, name: p.name, kana: p.kana }));
  }

  /** Tasks addressed to the office: open ones by due date and the last 100 done. */
  async tasks(officeNo: string) {
    const [open, done] = await Promise.all([
      this.repos.offices.officeTasks(officeNo, 'open'),
      this.repos.offices.officeTasks(officeNo, 'done'),
    ]);
    return { open, done };
  }
}

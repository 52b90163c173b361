/**
 * The access rule of every GET route, as functions of who asks and about whom, built on domain/access.ts (can,
 * officeMayViewPerson) and the facts db/ reads for it, so the matrix follows a change of those rules. A route the
 * routers have and this table lacks fails the matrix.
 */
import type { Knex } from 'knex';
import { createRepositories } from '../../../db';
import { type Action, can } from '../../../domain/access';
import type { Actor } from '../../../domain/actor';
import { DEMO_OFFICE_SERVICE_TYPES } from '../../../db/seeds/demo';
import { DEFAULT_OFFICE_FILING_VERSIONS, type OfficeFiling, officeFilingRefusal } from '../../../domain/offices/filing';
import { custodyRulesOn, DEFAULT_CUSTODY_RULE_VERSIONS, officeMayKeepCards } from '../../../domain/custody/rules';
import { mayView } from '../../../web/services/office';
import { TODAY } from '../helpers';
import { DEMO_USERS } from '../../../db/seeds/demo';
import { INSURER_A, OFFICE_ADMINS, type Subject } from './fixtures';

/** The demo medical institution's administrator (its first login). */
const MEDICAL_ADMINS = DEMO_USERS.filter((u) => u.office_admin && u.role === 'doctor').map((u) => u.login_id as string);

/** allow: a page (2xx, or a redirect elsewhere than the login); deny: 403/404; login: sent to the login page. */
export type Expect = 'allow' | 'deny' | 'login';

/** What a rule knows: the actor (null: anonymous), the subject the path names (null: a list) and the access facts. */
export interface RuleInput {
  actor: Actor | null;
  subject: Subject | null;
  facts: AccessFacts;
}

/** Whether an office may see a person today (domain/access.ts on the facts the database holds). */
export interface AccessFacts {
  officeMayView(officeNo: string, insuredNo: string): boolean;
}

export async function accessFacts(db: Knex, insuredNos: string[]): Promise<AccessFacts> {
  const facts = await createRepositories(db).offices.accessFactsFor(insuredNos);
  return {
    officeMayView: (officeNo, insuredNo) => mayView(officeNo, TODAY, facts.get(insuredNo)),
  };
}

type Rule = (r: RuleInput) => Expect;

const loggedIn = (then: (a: Actor, s: Subject | null, f: AccessFacts) => boolean): Rule => {
  return ({ actor, subject, facts }) => (!actor ? 'login' : then(actor, subject, facts) ? 'allow' : 'deny');
};
const municipal = (...actions: Action[]) =>
  loggedIn((a) => a.role !== 'office_staff' && actions.every((x) => can(a.role, x)));
/** A municipal page about one subject: the permission, and the subject of the actor's own insurer. */
const municipalAbout = (...actions: Action[]) =>
  loggedIn((a, s) => a.role !== 'office_staff' && actions.every((x) => can(a.role, x)) && s!.insurerNo === a.insurerNo);
const office = (...actions: Action[]) =>
  loggedIn((a) => a.role === 'office_staff' && actions.every((x) => can(a.role, x)));
const sameInsurer = (a: Actor, s: Subject) => s.insurerNo === a.insurerNo;
/** The office's own 居宅届 about the subject. */
const ownFiling = loggedIn(
  (a, s) =>
    a.role === 'office_staff' && can(a.role, 'plan.file') && sameInsurer(a, s!) && s!.planOfficeNo === a.officeNo,
);
const officeSees = (a: Actor, s: Subject, f: AccessFacts) =>
  a.role === 'office_staff' && sameInsurer(a, s) && f.officeMayView(a.officeNo!, s.insuredNo);

/** The office filing rule (domain/offices/filing.ts) on the demo offices' designated service types. */
const mayFile = (a: Actor, filing: OfficeFiling) =>
  officeFilingRefusal(filing, DEMO_OFFICE_SERVICE_TYPES[a.officeNo!] ?? [], DEFAULT_OFFICE_FILING_VERSIONS, TODAY) ===
  null;

/** The card custody rule (domain/custody/rules.ts) on the demo offices' designated service types. */
const mayKeepCards = (a: Actor) =>
  officeMayKeepCards(
    DEMO_OFFICE_SERVICE_TYPES[a.officeNo!] ?? [],
    custodyRulesOn(DEFAULT_CUSTODY_RULE_VERSIONS, TODAY),
  );

/** Route → rule. Public pages allow everyone. */
export const ACCESS_RULES: Record<string, Rule> = {
  'GET /favicon.ico': () => 'allow',
  // Answers 503 here (no Temporal in these tests): what it says is checked by the health tests, not its access.
  'GET /healthz': () => 'allow',
  'GET /login': () => 'allow',
  'GET /': () => 'allow',
  // 本人の閲覧: the identity form for anyone without a 本人 session (staff logins included); no person's data
  'GET /me': () => 'allow',
  'GET /tasks': municipal('case.view_all'),
  'GET /cases': municipal('case.view_all'),
  'GET /cases/:workflowId': municipalAbout('case.view_all'),
  // The 認定調査票 form: the 認定調査員 the survey task is assigned to (none in this world) or the 係長.
  'GET /cases/:workflowId/survey': loggedIn((a, s) => a.role === 'supervisor' && sameInsurer(a, s!)),
  'GET /cases/:workflowId/documents': municipalAbout('case.view_all'),
  // 訂正 of a completed survey: no survey of this world is completed (test/web/contracted-survey.test.ts opens one)
  'GET /cases/:workflowId/survey/corrections/:itemKey': loggedIn(() => false),
  'GET /notices/:id': municipalAbout('case.view_all'),
  'GET /persons': municipal('case.view_all'),
  'GET /persons/:insuredNo': municipalAbout('case.view_all'),
  'GET /applications/new': municipal('case.view_all', 'certification.intake'),
  'GET /plan-notifications': loggedIn((a) => can(a.role, 'plan.review')),
  'GET /plan-notifications/:id': loggedIn((a, s) => can(a.role, 'plan.review') && sameInsurer(a, s!)),
  'GET /plan-notifications/:id/notices/:key': loggedIn((a, s) => can(a.role, 'plan.review') && sameInsurer(a, s!)),
  'GET /dashboard': municipal('dashboard.view'),
  'GET /dashboard/overdue.csv': municipal('dashboard.view'),
  'GET /audit': municipal('settings.edit'),
  'GET /audit.csv': municipal('settings.edit'),
  'GET /cases/:workflowId/history': municipalAbout('case.history'),
  'GET /office': office(),
  'GET /office/state': office(),
  'GET /office/persons/:insuredNo': loggedIn((a, s, f) => officeSees(a, s!, f)),
  // 代行申請 the office filed also opens the case; the subjects' certification cases were filed by no office.
  'GET /office/cases/:workflowId': loggedIn((a, s, f) => officeSees(a, s!, f)),
  // The documents only after the 処分, to an office that may see the person (test/web/documents.test.ts has the rest).
  'GET /office/cases/:workflowId/documents': loggedIn((a, s, f) => s!.decided && officeSees(a, s!, f)),
  'GET /office/tasks': office(),
  // 委託の認定調査: no survey of this world is contracted to an office, so one 404 for every office
  'GET /office/cases/:workflowId/survey': loggedIn(() => false),
  'GET /office/disclosures': office(),
  'GET /disclosures': municipal('case.view_all', 'certification.intake', 'opinion.medical'),
  // :id is filled with a notice ID here, which names no request: 404 to those allowed, 403 to the rest.
  'GET /disclosures/:id/copy': loggedIn(() => false),
  'GET /office/applications/new': loggedIn(
    (a) => a.role === 'office_staff' && can(a.role, 'certification.intake') && mayFile(a, 'proxy_application'),
  ),
  'GET /office/plan-notifications': office('plan.file'),
  'GET /office/plan-notifications/new': loggedIn(
    (a) => a.role === 'office_staff' && can(a.role, 'plan.file') && mayFile(a, 'plan_notification'),
  ),
  'GET /office/plan-notifications/:id': ownFiling,
  'GET /office/plan-notifications/:id/state': ownFiling,
  'GET /office/plan-notifications/:id/notices/:key': ownFiling,
  'GET /office/plan-notifications/:id/withdraw': ownFiling,
  'GET /office/plan-notifications/:id/refile': loggedIn(
    (a, s, f) => ownFiling({ actor: a, subject: s, facts: f }) === 'allow' && mayFile(a, 'plan_notification'),
  ),
  'GET /account/password': loggedIn(() => true),
  'GET /admin/insurer': municipal('office.manage'),
  'GET /admin/offices': municipal('office.manage'),
  'GET /admin/offices/new': municipal('office.manage'),
  // :officeNo is the subject's plan office, an office of insurer A for every subject: A's manager only
  'GET /admin/offices/:officeNo': loggedIn(
    (a) => a.role !== 'office_staff' && can(a.role, 'office.manage') && a.insurerNo === INSURER_A,
  ),
  'GET /admin/accounts': municipal('office.manage'),
  'GET /admin/accounts/new': municipal('office.manage'),
  // The subjects are persons, so these IDs name no record: 404 to everyone allowed, 403 to the rest (the account and
  // registration rules themselves are in test/web/accounts.test.ts and registration.test.ts).
  'GET /admin/accounts/:id': loggedIn(() => false),
  'GET /registrations': municipal('registration.review'),
  'GET /persons/:insuredNo/certification-cancellation': municipalAbout('case.view_all', 'certification.cancel'),
  // :id is filled with a notice ID here, which names no 認定取消: 404 to those allowed, 403 to the rest
  'GET /persons/:insuredNo/certification-cancellations/:id/notice': loggedIn(() => false),
  'GET /persons/:insuredNo/register': municipalAbout('case.view_all'),
  'GET /persons/:insuredNo/register/certificates/:kind': municipalAbout('case.view_all', 'register.edit'),
  'GET /persons/:insuredNo/register/usages/new': municipalAbout('case.view_all', 'register.edit'),
  'GET /persons/:insuredNo/register/card': municipalAbout('case.view_all'),
  'GET /persons/:insuredNo/register/address': municipalAbout('case.view_all', 'register.edit'),
  'GET /persons/:insuredNo/register/loss': municipalAbout('case.view_all', 'register.edit'),
  'GET /persons/:insuredNo/register/usages/:entryNo': loggedIn(() => false),
  'GET /persons/:insuredNo/register/restrictions/new': municipalAbout('case.view_all', 'register.edit'),
  // :id is filled with a notice ID here, which names no 給付制限: 404 to those allowed, 403 to the rest
  'GET /persons/:insuredNo/register/restrictions/:id': loggedIn(() => false),
  'GET /kokuhoren': municipal('case.view_all', 'kokuhoren.export'),
  // :id is a notice ID here, which names no batch (test/web/kokuhoren.test.ts downloads real ones)
  'GET /kokuhoren/batches/:id': loggedIn(() => false),
  'GET /register/imports': municipal('case.view_all'),
  'GET /register/imports/:id': loggedIn(() => false),
  'GET /office/registrations': office(),
  // カード預かり管理簿: facility kinds only (みすみ園); the register for its administrator (not a card handler: the
  // demo's handler misumi-sodan is no login of this matrix), a person's page only where the office holds a record (the
  // demo's residents, none of them a subject here), new agreements for handlers only
  'GET /office/custody': loggedIn(
    (a) => a.role === 'office_staff' && mayKeepCards(a) && OFFICE_ADMINS.includes(a.loginId),
  ),
  'GET /office/custody/new': loggedIn(() => false),
  'GET /office/custody/handlers': loggedIn(
    (a) => a.role === 'office_staff' && mayKeepCards(a) && OFFICE_ADMINS.includes(a.loginId),
  ),
  'GET /office/custody/persons/:insuredNo': loggedIn(() => false),
  'GET /office/staff': loggedIn((a) => a.role === 'office_staff' && OFFICE_ADMINS.includes(a.loginId)),
  'GET /office/staff/new': loggedIn((a) => a.role === 'office_staff' && OFFICE_ADMINS.includes(a.loginId)),
  'GET /office/staff/:id': loggedIn(() => false),
  // 医療機関 (issue 15/17): its inbox and staff; a person or request only through a 意見書依頼 sent to it, and no
  // subject has one, so every such page is denied (test/web/medical.test.ts has the allowed side)
  'GET /medical': loggedIn((a) => a.role === 'doctor'),
  'GET /medical/requests/:id': loggedIn(() => false),
  'GET /medical/persons/:insuredNo': loggedIn(() => false),
  'GET /medical/staff': loggedIn((a) => a.role === 'doctor' && MEDICAL_ADMINS.includes(a.loginId)),
  'GET /medical/staff/new': loggedIn((a) => a.role === 'doctor' && MEDICAL_ADMINS.includes(a.loginId)),
  'GET /medical/staff/:id': loggedIn(() => false),
  // 主治医意見書: need to know (opinion.medical), the insurer's cases only
  'GET /cases/:workflowId/opinion': municipalAbout('case.view_all', 'opinion.medical'),
};

/**
 * The expected answer of a route for one request: the route's rule, except that a number that exists nowhere has
 * nothing to show to anyone (every route that names a person, case, notice or filing answers deny; a route that only
 * takes an office number does not depend on the subject).
 */
export function expectFor(key: string, r: RuleInput): Expect {
  const e = ACCESS_RULES[key](r);
  const aboutSubject = /:(insuredNo|workflowId|id|key)\b/.test(key);
  return r.subject && !r.subject.exists && aboutSubject && e === 'allow' ? 'deny' : e;
}

/** Whether the actor may see the subject's name anywhere: the same rules as the subject's own pages. */
export function maySeeName(actor: Actor | null, s: Subject, f: AccessFacts): boolean {
  if (!actor) return false;
  // a medical institution sees a person only through a 意見書依頼 sent to it: no subject has one
  if (actor.role === 'doctor') return false;
  if (actor.role !== 'office_staff') return sameInsurer(actor, s);
  return officeSees(actor, s, f) || (sameInsurer(actor, s) && s.planOfficeNo === actor.officeNo);
}

/**
 * Issues 19 and 15, the access matrix: every login (the municipal roles, the care offices, the facility and the doctor
 * of insurer A, デモ町's office, insurer B's and デモ町's 認定係, anonymous) × every GET route read from the routers ×
 * every subject (fixtures.ts: a client, a withdrawn consent, nobody's client, another office's client, another
 * insurer's person, registrations lapsed, returned, ended by the office or on death or moving out, a number that exists
 * nowhere, and デモ町's persons pending and approved before its 利用開始日). The expected answer comes from
 * access-rules.ts; a leak is a page the rule denies that answers 200, or a subject's name in any body (pages, CSV,
 * error messages) the actor may not see; and the answers to the subjects hidden from a login must be one and the same
 * on each route (status and words), so no denial tells an unknown number from a deceased, moved-out, other-office or
 * other-insurer person. The figures go to test-artifacts/report/matrix.json (the README's proof table).
 */
import type { Knex } from 'knex';
import request from 'supertest';
import type { Actor } from '../../../domain/actor';
import { appOf, loginAs, tempDb } from '../helpers';
import { ACCESS_RULES, accessFacts, type AccessFacts, type Expect, expectFor, maySeeName } from './access-rules';
import { buildWorld, LOGINS, SUBJECTS, type Subject, WORLD_LOGINS, worldServices } from './fixtures';
import { writeSuiteFigures } from '../../../scripts/report/figures';
import { keyOf, routesOf } from './routes-of';

/** Path parameters of a route filled for one subject. */
function pathFor(path: string, s: Subject): string {
  const plan = path.includes('plan-notifications');
  return path
    .replace(':workflowId', s.workflowId)
    .replace(':insuredNo', s.insuredNo)
    .replace(':name', encodeURIComponent(s.name))
    .replace(':itemKey', 's1_3')
    .replace(':key', 'accepted-1')
    .replace(':officeNo', s.planOfficeNo)
    .replace(':kind', 'copay')
    .replace(':id', path.startsWith('/tasks') ? s.taskId : plan ? s.filingNo : s.noticeId);
}

/**
 * Searches and prefills asked about each subject (by number and by name), answered by the rule of the page they are
 * on: a list may answer, but never with a person the actor may not see.
 */
const SEARCHES: { key: string; path: string }[] = [
  { key: 'GET /persons', path: '/persons?q=:insuredNo' },
  { key: 'GET /persons', path: '/persons?q=:name' },
  { key: 'GET /cases', path: '/cases?q=:insuredNo' },
  { key: 'GET /office/plan-notifications/new', path: '/office/plan-notifications/new?insuredNo=:insuredNo' },
];

/** A denial's body with the subject's own IDs and the page's CSRF token taken out, so two denials compare. */
function anonymised(body: string, s: Subject): string {
  let out = body.replace(/name="_csrf" value="[^"]*"/g, '');
  for (const id of [s.workflowId, s.noticeId, s.taskId, s.filingNo, s.insuredNo]) out = out.split(id).join('{ID}');
  return out;
}

describe('access matrix: every login × every GET route × persons in and out of scope', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  let facts: AccessFacts;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    app = appOf(worldServices(db));
    facts = await accessFacts(
      db,
      SUBJECTS.map((s) => s.insuredNo),
    );
  });
  afterAll(async () => cleanup());

  it('every GET route has a rule, and every rule a route', () => {
    const gets = routesOf(app)
      .filter((r) => r.method === 'GET')
      .map(keyOf);
    expect(gets.filter((k) => !(k in ACCESS_RULES))).toEqual([]);
    expect(Object.keys(ACCESS_RULES).filter((k) => !gets.includes(k))).toEqual([]);
  });

  it('answers as the rules say, and no body names a person the actor may not see', async () => {
    const routes = [
      ...routesOf(app)
        .filter((r) => r.method === 'GET')
        .map((r) => ({ key: keyOf(r), path: r.path })),
      ...SEARCHES,
    ];
    const mismatches: string[] = [];
    const leaks: string[] = [];
    let requests = 0;
    let allowed = 0;
    let status5xx = 0;
    /** pages and CSVs answered without Cache-Control: no-store (a shared or back-button cache would keep them) */
    const cacheable: string[] = [];
    /** login + route → the answers to the subjects hidden from the login: they must not differ */
    const denials = new Map<string, { label: string; answer: string }[]>();
    for (const login of [null, ...LOGINS, ...WORLD_LOGINS]) {
      const agent = login ? await loginAs(app, login) : request.agent(app);
      const actor = login ? ((await db('users').where({ login_id: login }).first()) as Record<string, unknown>) : null;
      const a: Actor | null = actor
        ? {
            userId: actor.id as number,
            loginId: login!,
            displayName: actor.display_name as string,
            role: actor.role as Actor['role'],
            officeNo: (actor.office_no as string | null) ?? null,
            insurerNo: actor.insurer_no as string,
          }
        : null;
      const hidden = SUBJECTS.filter((s) => !maySeeName(a, s, facts));
      for (const route of routes) {
        const subjects: (Subject | null)[] = route.path.includes(':') ? SUBJECTS : [null];
        for (const s of subjects) {
          const url = s ? pathFor(route.path, s) : route.path;
          const res = await agent.get(url);
          requests++;
          const expected: Expect = expectFor(route.key, { actor: a, subject: s, facts });
          const toLogin = res.status === 302 && String(res.headers.location).startsWith('/login');
          const got: Expect =
            res.status === 403 || res.status === 404 ? 'deny' : toLogin ? 'login' : res.status < 400 ? 'allow' : 'deny';
          if (got === 'allow') allowed++;
          const who = `${login ?? 'anonymous'} GET ${url}${s ? ` (${s.label})` : ''}`;
          // /healthz says 503 when Temporal is not there (supertest has none): that is its answer, not a failure.
          const down = route.path === '/healthz' && res.status === 503;
          if (res.status >= 500 && !down) status5xx++;
          if (!down && (res.status >= 500 || got !== expected))
            mismatches.push(`${who}: expected ${expected}, got ${res.status}`);
          const body = res.text ?? '';
          // Among the subjects hidden from this login (it may not see their names), no denial may differ: a 403 for
          // one and a 404 for another would tell which numbers and IDs exist.
          if (s && login && expected === 'deny' && hidden.includes(s)) {
            const k = `${login} GET ${route.path}`;
            const list = denials.get(k) ?? [];
            list.push({ label: s.label, answer: `${res.status} ${anonymised(body, s)}` });
            denials.set(k, list);
          }
          for (const h of hidden) {
            // A search by name echoes the name typed: for the person searched, a hit shows as their number instead.
            const echoed = h === s && route.path.endsWith('=:name');
            if (echoed ? body.includes(h.insuredNo) : body.includes(h.name)) leaks.push(`${who}: names ${h.label}`);
          }
          if (expected !== 'allow' && res.status === 200) leaks.push(`${who}: 200 where the rule says ${expected}`);
          // The icon is the one static file among the routes: the same for everyone, so it may be cached.
          const personal = route.path !== '/favicon.ico';
          if (personal && res.status === 200 && !/no-store/.test(String(res.headers['cache-control'])))
            cacheable.push(`${who}: Cache-Control ${res.headers['cache-control']}`);
        }
      }
    }
    // The same answer for every subject a login may not see on a route: unknown, deceased, moved out, another
    // office's, another insurer's, lapsed, returned, ended, withdrawn (status and words alike).
    const telling: string[] = [];
    for (const [k, list] of denials) {
      const answers = new Map<string, string[]>();
      for (const d of list) answers.set(d.answer, [...(answers.get(d.answer) ?? []), d.label]);
      if (answers.size > 1)
        telling.push(
          `${k}: ${[...answers].map(([a, labels]) => `${a.slice(0, 60)}… for ${labels.join('、')}`).join(' / ')}`,
        );
    }
    writeSuiteFigures(
      {
        suite: 'matrix',
        size: `${LOGINS.length + WORLD_LOGINS.length + 1} logins × ${routes.length - SEARCHES.length} GET routes and ${SEARCHES.length} searches × ${SUBJECTS.length} persons in and out of scope = ${requests} requests`,
        lost: null,
        doubled: null,
        leaked: leaks.length,
        status5xx,
        other: `answers other than the rule's ${mismatches.length}, pages allowed ${allowed}, cacheable ${cacheable.length}, denials that tell subjects apart ${telling.length}`,
        passed:
          leaks.length === 0 &&
          mismatches.length === 0 &&
          status5xx === 0 &&
          cacheable.length === 0 &&
          telling.length === 0,
      },
      {
        leaks: leaks.slice(0, 50),
        mismatches: mismatches.slice(0, 50),
        cacheable: cacheable.slice(0, 50),
        telling: telling.slice(0, 50),
      },
    );
    expect(leaks).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(telling).toEqual([]);
    expect(cacheable).toEqual([]);
    // About 7,400 requests (about 70 s of CPU): on a shared, loaded machine that takes minutes, not the default minute.
  }, 900_000);
});

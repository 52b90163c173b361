/**
 * Issue 19, hostile input: every POST route (read from the routers) gets property-based hostile bodies and path
 * parameters, as form posts and as JSON, with and without the CSRF token. Never a 5xx; a 4xx speaks Japanese; a
 * refused request (4xx, or 303 back to its form) writes nothing; nothing hostile reaches Temporal.
 * HOSTILE_RUNS sets the runs per route (default 12). The figures go to test-artifacts/report/hostile.json (the README's proof table).
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import request from 'supertest';
import { CERTIFICATION_ACTION_KINDS } from '../../../domain/certification/actions';
import { appOf, csrfOf, loginAs, tempDb, TODAY } from '../helpers';
import { buildWorld, SUBJECTS, temporalCalls, worldServices } from './fixtures';
import { writeSuiteFigures } from '../../../scripts/report/figures';
import { keyOf, routesOf } from './routes-of';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 12);
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** C0/C1 controls (tab and newlines aside), zero-width and bidi controls, BOM. */
const FORBIDDEN_CHARS =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
/** Every string inside a value (JSON.stringify would hide C0 controls as \\u escapes). */
const stringsIn = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(stringsIn)
      : v && typeof v === 'object'
        ? Object.entries(v).flatMap(([k, x]) => [k, ...stringsIn(x)])
        : [];
/** Tables a refused request may write: the session store, the audit log and the login throttle. */
const BOOKKEEPING = new Set(['sessions', 'audit_log', 'login_failures', 'knex_migrations', 'knex_migrations_lock']);

/** 100 KB strings, sent as markers so a failing case prints short; expanded just before sending. */
const BIG_ASCII = '<100KB x>';
const BIG_KANA = '<100K あ>';
const expand = (v: unknown): unknown =>
  v === BIG_ASCII
    ? 'x'.repeat(100_000)
    : v === BIG_KANA
      ? 'あ'.repeat(100_000)
      : Array.isArray(v)
        ? v.map(expand)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)]))
          : v;

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    BIG_ASCII,
    BIG_KANA,
    '\u0000\u0007\u001b[31m',
    '宇城\u0085太郎',
    '宇城\u200b太郎',
    '\u202eabc',
    '\ufeff0000100001',
    '０００００１０００１',
    '000010000１',
    '2025-02-30',
    '2026-13-01',
    '令和0年1月1日',
    'R0-01-01',
    '9999-99-99',
    "' OR 1=1; DROP TABLE cases; --",
    "0000100001' OR '1'='1",
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    '{{constructor.constructor "alert(1)"}}',
    '__proto__',
    'constructor',
    '-1',
    '1e309',
    'NaN',
  ),
);
/** What a form field can be on the wire: a string, an array, a nested object (qs extended), or left out. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', '__proto__', '0'), hostileString, { maxKeys: 2 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)) },
);
const hostileParam = fc.oneof(
  // A 100 KB URL never reaches the app: Node answers 431 itself, with no body to judge.
  hostileString.filter((s) => s !== BIG_ASCII && s !== BIG_KANA),
  fc.constantFrom('..%2f..%2fetc%2fpasswd', '%00', '%E0%A4%A', '0'.repeat(5000)),
);

const A = SUBJECTS[0];
const B = SUBJECTS[4];
/** Per POST route: who posts it, real path parameters, and the fields its form has (or its JSON body). */
interface Target {
  login: string | null;
  params: Record<string, string[]>;
  fields: string[];
  /** A valid body to start from, so one hostile field reaches the deep checks. */
  base?: Record<string, unknown>;
  json?: boolean;
  /**
   * Where a valid body is redirected, for free-text forms a hostile body can fill validly (e.g. an address of
   * `<script>…</script>`, stored and shown escaped): that 303 is an accepted write, not a refusal.
   */
  acceptedAt?: (url: string) => string;
}
const applicationFields = {
  insuredNo: '0000100003',
  requestedType: 'new',
  appliedOn: TODAY,
  applicantKind: 'family',
  applicantName: '小川 花子',
  identityCheckMethod: 'マイナンバーカード',
  doctorName: '宇土 医師',
  doctorClinic: '宇城クリニック',
  residenceKind: 'home',
  consentGiven: 'yes',
  consentDate: TODAY,
  consentChannel: 'municipality',
};
const filingFields = {
  kind: 'new',
  'person[insuredNo]': A.insuredNo,
  'person[name]': A.name,
  'person[kana]': 'ウキ タロウ',
  'person[birthDate]': '1940-04-01',
  startDate: TODAY,
  writtenOn: TODAY,
  'identity[method]': 'my_number_card',
  'identity[checkedBy]': '宇土 明美',
  'identity[checkedOn]': TODAY,
  'change[reason]': '',
  'change[previousOfficeNo]': '',
  confirmDuplicate: 'no',
};
const ids = (f: (s: (typeof SUBJECTS)[number]) => string) => [f(A), f(B)];
export const TARGETS: Record<string, Target> = {
  'POST /codec/decode': { login: 'kakaricho', params: {}, fields: ['payloads'], json: true },
  'POST /login': { login: null, params: {}, fields: ['loginId', 'password', 'next'] },
  'POST /logout': { login: 'nintei', params: {}, fields: [] },
  'POST /tasks/:id/claim': { login: 'nintei', params: { id: ids((s) => s.taskId) }, fields: ['requestId', 'back'] },
  'POST /tasks/:id/release': { login: 'nintei', params: { id: ids((s) => s.taskId) }, fields: ['requestId', 'back'] },
  'POST /cases/:workflowId/actions/:kind': {
    login: 'kakaricho',
    params: { workflowId: ids((s) => s.workflowId), kind: [...CERTIFICATION_ACTION_KINDS] },
    fields: ['requestId', 'visitOn', 'surveyorName', 'receivedOn', 'level', 'reason', 'note', 'boardDate', 'decidedOn'],
  },
  'POST /cases/:workflowId/survey': {
    login: 'kakaricho',
    params: { workflowId: ids((s) => s.workflowId) },
    fields: ['requestId', 'intent', 'surveyedOn', 'standardMinutes', 's1_1', 's1_3', 'note_s1_3', 's7_2'],
    base: { intent: 'complete', requestId: '00000000-0000-4000-8000-000000000000', s1_3: '1' },
  },
  // 委託の認定調査: no survey of this world is contracted to an office, so each answers the one 404
  'POST /office/cases/:workflowId/survey': {
    login: 'ukinosato',
    params: { workflowId: ids((s) => s.workflowId) },
    fields: ['requestId', 'intent', 'surveyedOn', 'standardMinutes', 's1_1', 's1_3', 'note_s1_3', 's7_2'],
    base: { intent: 'draft', requestId: '00000000-0000-4000-8000-000000000000', s1_3: '1' },
  },
  'POST /cases/:workflowId/survey/corrections/:itemKey': {
    login: 'nintei',
    params: { workflowId: ids((s) => s.workflowId), itemKey: ['s1_3', 'standardMinutes', 'nope'] },
    fields: ['s1_3', 'note_s1_3', 'reason'],
    base: { s1_3: '2', reason: '記入誤り' },
  },
  'POST /office/disclosures': {
    login: 'ukinosato',
    params: {},
    fields: ['insuredNo', 'birthDate', 'survey', 'opinion', 'purpose'],
    base: { insuredNo: '0000100001', birthDate: '1940-01-01', survey: '1' },
  },
  'POST /disclosures/:id/decide': {
    login: 'nintei',
    params: { id: ['1', '999999', 'abc'] },
    fields: ['answer', 'note'],
  },
  'POST /persons/:insuredNo/consent/revoke': {
    login: 'nintei',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: ['revokedOn', 'requestId'],
  },
  'POST /applications/new': {
    login: 'nintei',
    params: {},
    fields: Object.keys(applicationFields),
    base: { ...applicationFields, applicationNo: 'H-1' },
  },
  'POST /office/applications/new': {
    login: 'ukinosato',
    params: {},
    fields: Object.keys(applicationFields),
    base: { ...applicationFields, applicationNo: 'HO-1', consentChannel: 'office_proxy' },
  },
  'POST /plan-notifications/:id/review': {
    login: 'kyufu',
    params: { id: ids((s) => s.filingNo) },
    fields: ['requestId'],
  },
  'POST /plan-notifications/:id/accept': {
    login: 'kyufu',
    params: { id: ids((s) => s.filingNo) },
    fields: ['requestId', 'note'],
  },
  'POST /plan-notifications/:id/return': {
    login: 'kyufu',
    params: { id: ids((s) => s.filingNo) },
    fields: ['requestId', 'reason'],
  },
  'POST /office/plan-notifications/new': {
    login: 'ukinosato',
    params: {},
    fields: Object.keys(filingFields),
    base: { ...filingFields, requestId: '20261125-0000abcd' },
  },
  'POST /office/cases/:workflowId/interim': {
    login: 'ukinosato',
    params: { workflowId: ids((s) => s.workflowId) },
    fields: ['requestId', 'startOn', 'assumedLevel', 'officeNo'],
    base: { requestId: '00000000-0000-4000-8000-000000000000', startOn: TODAY, assumedLevel: 'care_1' },
  },
  'POST /office/plan-notifications/:id/withdraw': {
    login: 'ukinosato',
    params: { id: ids((s) => s.filingNo) },
    fields: ['requestId', 'reason'],
  },
  'POST /office/plan-notifications/:id/refile': {
    login: 'ukinosato',
    params: { id: ids((s) => s.filingNo) },
    fields: [...Object.keys(filingFields), 'requestId'],
    base: { ...filingFields, requestId: '20261125-0000abce' },
  },
  'POST /account/password': { login: 'shiranui', params: {}, fields: ['current', 'password', 'confirm'] },
  'POST /admin/insurer': {
    login: 'kakaricho',
    params: {},
    fields: ['name', 'address', 'phone', 'onlineStartOn', 'dataMigrated', 'registrationLapseMonths'],
  },
  'POST /admin/offices/new': {
    login: 'kakaricho',
    params: {},
    fields: ['officeNo', 'name', 'address', 'phone', 'serviceTypes'],
  },
  'POST /admin/offices/:officeNo': {
    login: 'kakaricho',
    params: { officeNo: ['4370100011', '4370100099'] },
    fields: ['name', 'address', 'phone', 'serviceTypes'],
  },
  'POST /admin/accounts/new': {
    login: 'kakaricho',
    params: {},
    fields: ['loginId', 'displayName', 'role', 'password', 'officeNo', 'officeAdmin'],
  },
  'POST /admin/accounts/:id': {
    login: 'kakaricho',
    params: { id: ['2', '999999'] },
    fields: ['displayName', 'role', 'active', 'officeNo', 'officeAdmin'],
  },
  'POST /admin/accounts/:id/password': {
    login: 'kakaricho',
    params: { id: ['2', '999999'] },
    fields: ['password', 'confirm'],
  },
  'POST /persons/:insuredNo/consent': {
    login: 'nintei',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: ['channel', 'grantedOn', 'requestId'],
  },
  'POST /registrations/:id/decide': {
    login: 'nintei',
    params: { id: ['1', '999999'] },
    fields: ['decision', 'reason', 'requestId'],
  },
  'POST /persons/:insuredNo/register/certificates/:kind': {
    login: 'kyufu',
    params: { insuredNo: ids((s) => s.insuredNo), kind: ['copay', 'burden-limit'] },
    fields: ['value', 'validFrom', 'validTo', 'reason'],
  },
  'POST /persons/:insuredNo/register/usages/new': {
    login: 'kyufu',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: ['kind', 'usedOn', 'amountYen', 'careLevel', 'dwelling', 'description', 'reason'],
  },
  'POST /persons/:insuredNo/register/usages/:entryNo': {
    login: 'kyufu',
    params: { insuredNo: ids((s) => s.insuredNo), entryNo: ['1', '999999'] },
    fields: ['kind', 'usedOn', 'amountYen', 'careLevel', 'dwelling', 'description', 'voided', 'reason'],
  },
  'POST /persons/:insuredNo/register/address': {
    login: 'kyufu',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: ['postalCode', 'address', 'reason'],
    acceptedAt: (url) => url.replace(/\/address$/, ''),
  },
  'POST /persons/:insuredNo/register/loss': {
    login: 'kyufu',
    params: { insuredNo: ['9999999999'] },
    fields: ['reason', 'lostOn', 'note'],
  },
  'POST /persons/:insuredNo/register/restrictions/new': {
    login: 'kyufu',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: ['kind', 'validFrom', 'validTo', 'reason'],
  },
  'POST /persons/:insuredNo/register/restrictions/:id': {
    login: 'kyufu',
    params: { insuredNo: ids((s) => s.insuredNo), id: ['1', '999999'] },
    fields: ['kind', 'validFrom', 'validTo', 'voided', 'reason'],
  },
  'POST /kokuhoren/export': { login: 'kyufu', params: {}, fields: [] },
  'POST /persons/:insuredNo/certification-cancellation/preview': {
    login: 'nintei',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: ['requestedOn', 'reason'],
  },
  'POST /persons/:insuredNo/certification-cancellation': {
    login: 'nintei',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: ['requestedOn', 'reason', 'requestId'],
  },
  'POST /persons/:insuredNo/register/card/surrender': {
    login: 'kyufu',
    params: { insuredNo: ['9999999999'] },
    fields: ['surrenderedOn', 'applicationNo'],
  },
  'POST /me/identify': {
    login: null,
    params: {},
    fields: ['method', 'insuredNo', 'insurerNo', 'birthDate', 'readingId'],
  },
  'POST /me/logout': { login: null, params: {}, fields: [] },
  'POST /register/imports': { login: 'kyufu', params: {}, fields: ['kind', 'file'] },
  'POST /office/registrations': {
    login: 'ukinosato',
    params: {},
    fields: ['method', 'insuredNo', 'insurerNo', 'birthDate', 'readingId'],
  },
  'POST /office/registrations/:id/end': {
    login: 'ukinosato',
    params: { id: ['999999'] },
    fields: ['reason', 'requestId'],
  },
  'POST /office/registrations/:id/consent': {
    login: 'ukinosato',
    params: { id: ['999999'] },
    fields: ['grantedOn', 'requestId'],
  },
  'POST /office/custody/new': {
    login: 'misumien',
    params: {},
    fields: ['insuredNo', 'depositorKind', 'depositorName', 'agreementRef', 'agreedOn', 'startedOn'],
  },
  'POST /office/custody/handlers': { login: 'misumien', params: {}, fields: ['userId', 'grant'] },
  'POST /office/custody/persons/:insuredNo/take-out': {
    login: 'misumien',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: ['purpose', 'purposeNote', 'returnDate', 'returnTime'],
  },
  'POST /office/custody/persons/:insuredNo/return': {
    login: 'misumien',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: [],
  },
  'POST /office/custody/persons/:insuredNo/end': {
    login: 'misumien',
    params: { insuredNo: ids((s) => s.insuredNo) },
    fields: [],
  },
  'POST /office/staff/new': {
    login: 'ukinosato',
    params: {},
    fields: ['loginId', 'displayName', 'role', 'password'],
  },
  'POST /office/staff/:id': {
    login: 'ukinosato',
    params: { id: ['999999'] },
    fields: ['displayName', 'active'],
  },
  'POST /office/staff/:id/password': {
    login: 'ukinosato',
    params: { id: ['999999'] },
    fields: ['password', 'confirm'],
  },
  'POST /medical/requests/:id': {
    login: 'ishi',
    params: { id: ['1', '999999'] },
    fields: ['intent', 'writtenOn', 'diagnosis1', 'height', 'treatments', 'dementia'],
  },
  'POST /medical/staff/new': { login: 'ishi', params: {}, fields: ['loginId', 'displayName', 'role', 'password'] },
  'POST /medical/staff/:id': { login: 'ishi', params: { id: ['999999'] }, fields: ['displayName', 'active'] },
  'POST /medical/staff/:id/password': { login: 'ishi', params: { id: ['999999'] }, fields: ['password', 'confirm'] },
  'POST /cases/:workflowId/opinion': {
    login: 'nintei',
    params: { workflowId: ids((s) => s.workflowId) },
    fields: ['intent', 'writtenOn', 'diagnosis1', 'height', 'treatments', 'dementia'],
  },
  'POST /cases/:workflowId/opinion/check': {
    login: 'nintei',
    params: { workflowId: ids((s) => s.workflowId) },
    fields: ['requestId'],
  },
  'POST /cases/:workflowId/opinion/return': {
    login: 'nintei',
    params: { workflowId: ids((s) => s.workflowId) },
    fields: ['reason'],
  },
};

describe('hostile input on every POST route', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const agents = new Map<string, { agent: ReturnType<typeof request.agent>; csrf: string }>();
  const figures = { requests: 0, status5xx: 0, nonJapanese4xx: 0, partialWrites: 0, hostileToTemporal: 0 };
  /** tests that ran to their last line (the table says FAIL unless all did) */
  let passedTests = 0;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    app = appOf(worldServices(db));
  });
  afterAll(async () => {
    const f = figures;
    writeSuiteFigures(
      {
        suite: 'hostile',
        size: `${routeKeys.length} POST routes × ${RUNS} runs = ${f.requests} requests`,
        lost: null,
        doubled: null,
        leaked: null,
        status5xx: f.status5xx,
        other: `partial writes ${f.partialWrites}, non-Japanese 4xx ${f.nonJapanese4xx}, control/bidi characters sent to Temporal ${f.hostileToTemporal}`,
        passed:
          passedTests === routeKeys.length + 1 &&
          f.status5xx + f.partialWrites + f.nonJapanese4xx + f.hostileToTemporal === 0,
      },
      { runsPerRoute: RUNS, ...f },
    );
    await cleanup();
  });

  async function session(login: string | null) {
    if (login === null || login === 'nintei-logout') {
      const agent = request.agent(app);
      return { agent, csrf: csrfOf((await agent.get('/login')).text) };
    }
    let s = agents.get(login);
    if (!s) {
      const agent = await loginAs(app, login);
      s = { agent, csrf: csrfOf((await agent.get('/').redirects(2)).text) };
      agents.set(login, s);
    }
    return s;
  }

  async function counts(): Promise<Record<string, number>> {
    const tables = (await db('sqlite_master').where({ type: 'table' }).pluck('name')) as string[];
    const out: Record<string, number> = {};
    for (const t of tables.filter((t) => !BOOKKEEPING.has(t) && !t.startsWith('sqlite_')))
      out[t] = Number((await db(t).count({ n: '*' }).first())?.n ?? 0);
    return out;
  }

  it('every POST route has a generator entry', () => {
    const posts = routesOf(app)
      .filter((r) => r.method === 'POST')
      .map(keyOf);
    expect(posts.filter((k) => !(k in TARGETS))).toEqual([]);
    expect(Object.keys(TARGETS).filter((k) => !posts.includes(k))).toEqual([]);
    passedTests++;
  });

  const routeKeys = Object.keys(TARGETS);
  it.each(routeKeys)('%s: no 5xx, Japanese 4xx, no partial write', async (key) => {
    const t = TARGETS[key];
    const path = key.slice('POST '.length);
    const names = path.match(/:\w+/g)?.map((p) => p.slice(1)) ?? [];
    const paramArb = fc.record(
      Object.fromEntries(
        names.map((n) => [n, fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...t.params[n]) }, hostileParam)]),
      ),
    );
    const bodyArb = fc.record(
      Object.fromEntries([...t.fields, 'extra', '__proto__'].map((f) => [f, hostileValue] as const)) as Record<
        string,
        fc.Arbitrary<unknown>
      >,
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(paramArb, bodyArb, fc.boolean(), fc.nat(9), async (params, hostile, asJson, csrfDice) => {
        const s = await session(key === 'POST /logout' ? 'nintei-logout' : t.login);
        const url = path.replace(/:(\w+)/g, (_m, n: string) => encodeURIComponent(String(expand(params[n]))));
        const withCsrf = csrfDice > 0;
        const body = { ...(t.base ?? {}), ...(expand(hostile) as object), ...(withCsrf ? { _csrf: s.csrf } : {}) };
        const before = await counts();
        const callsBefore = temporalCalls.length;
        const req = s.agent.post(url);
        const res = await (t.json || asJson
          ? req.set('Accept', 'application/json').send(body)
          : req.type('form').send(body));
        figures.requests++;
        const label = `${key} ${url.slice(0, 80)} csrf=${withCsrf} → ${res.status}`;
        if (res.status >= 500) figures.status5xx++;
        expect([label, res.status < 500]).toEqual([label, true]);
        // A redirect, whatever was posted, stays on this site (next, back and the like).
        if (res.status >= 300 && res.status < 400) {
          const location = String(res.headers.location ?? '');
          expect([label, location, /^\/(?![/\\])/.test(location)]).toEqual([label, location, true]);
        }
        if (res.status >= 400) {
          const text = res.text || JSON.stringify(res.body);
          if (!JAPANESE.test(text)) figures.nonJapanese4xx++;
          expect([label, text.slice(0, 200), JAPANESE.test(text)]).toEqual([label, text.slice(0, 200), true]);
        }
        // Without the token: refused (403), unless the body was already too large to read (413).
        if (!withCsrf && key !== 'POST /codec/decode')
          expect([label, [403, 413].includes(res.status)]).toEqual([label, true]);
        const accepted = res.status === 303 && t.acceptedAt?.(url) === res.headers.location;
        if (res.status >= 400 || (res.status === 303 && !accepted)) {
          const after = await counts();
          if (JSON.stringify(after) !== JSON.stringify(before)) figures.partialWrites++;
          expect([label, after]).toEqual([label, before]);
          expect([label, temporalCalls.length]).toEqual([label, callsBefore]);
        }
        const sent = stringsIn(temporalCalls.slice(callsBefore).map((c) => c.args)).filter((x) =>
          FORBIDDEN_CHARS.test(x),
        );
        if (sent.length > 0) figures.hostileToTemporal++;
        expect([label, sent]).toEqual([label, []]);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    passedTests++;
  });
});

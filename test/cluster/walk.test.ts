/**
 * `npm run test:cluster`: the production topology (scripts/cluster.ts: Temporal server on PostgreSQL, two workers, two
 * web processes) and one walk of every workflow through the web processes, A and B in turn, each user with one cookie
 * jar: a session opened on one process is used on the other, so sessions are shared.
 */
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import { openDatabase } from '../../db/connection';
import { DEMO_INSURER_NO, DEMO_PASSWORD, demoBirthDate } from '../../db/seeds/demo';
import { addDays, jstDateOf } from '../../domain/dates';
import { caseFootprints } from '../../db/integrity';
import { rssMb, startCluster, type Cluster } from '../../scripts/cluster';
import { writeSuiteFigures } from '../../scripts/report/figures';
import { CookieJar } from '../../scripts/cookie-jar';

const today = jstDateOf(Date.now());
let cluster: Cluster;
let db: Knex;
let connection: Connection;
let client: Client;
const figures: Record<string, unknown> = {};
const servedBy = new Map<string, number>();
/** what the walk counted for the README's proof table (null until the walk has checked it) */
const tally = {
  requests: 0,
  status5xx: 0,
  lost: null as number | null,
  doubled: null as number | null,
  why: [] as string[],
};

beforeAll(async () => {
  const started = Date.now();
  cluster = await startCluster({ seed: true, log: (l) => process.stdout.write(`[cluster] ${l}\n`) });
  figures.clusterStartMs = Date.now() - started;
  figures.startPhasesMs = cluster.timings;
  figures.serverRssAtStartMb = rssMb(cluster.server.pid);
  db = openDatabase(cluster.databaseUrl);
  connection = await Connection.connect({ address: cluster.temporalAddress });
  client = new Client({ connection, namespace: 'default' });
});

afterAll(async () => {
  figures.serverRssAfterWalkMb = rssMb(cluster?.server.pid);
  figures.requestsPerWebProcess = Object.fromEntries(servedBy);
  process.stdout.write(`[cluster] figures ${JSON.stringify(figures)}\n`);
  writeSuiteFigures(
    {
      suite: 'cluster',
      size: `Temporal server 1.29.1 on PostgreSQL 15, 2 workers (1 SIGKILLed midway), 2 web processes; 3 workflows walked in ${tally.requests} requests`,
      lost: tally.lost,
      doubled: tally.doubled,
      leaked: null,
      status5xx: tally.status5xx,
      other: tally.why.join('; '),
      passed: figures.walkMs !== undefined && tally.status5xx === 0 && tally.lost === 0 && tally.doubled === 0,
    },
    { ...figures, why: tally.why },
  );
  await connection?.close();
  await db?.destroy();
  const stopping = Date.now();
  await cluster?.stop();
  process.stdout.write(`[cluster] torn down in ${Date.now() - stopping} ms\n`);
});

interface Page {
  status: number;
  text: string;
  location: string | null;
}

/** One user's browser: one cookie jar, each request sent to the next web process in turn. */
class Browser {
  private readonly jar = new CookieJar();
  private turn = 0;

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Page> {
    const base = cluster.webUrls[this.turn++ % cluster.webUrls.length];
    servedBy.set(base, (servedBy.get(base) ?? 0) + 1);
    const res = await fetch(`${base}${path}`, this.jar.init(method, form));
    tally.requests++;
    if (res.status >= 500) tally.status5xx++;
    this.jar.keep(res);
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }

  async get(path: string, status = 200): Promise<Page> {
    const page = await this.request('GET', path);
    expect({ path, status: page.status }).toEqual({ path, status });
    return page;
  }

  /** Posts a form with the CSRF token of `from` (a page most likely rendered by the other web process). */
  async post(path: string, from: Page, form: Record<string, string>, status = 302): Promise<Page> {
    const page = await this.request('POST', path, { ...form, _csrf: hidden(from.text, '_csrf') });
    if (page.status !== status) throw new Error(`POST ${path}: ${page.status}, expected ${status}\n${errorsOf(page)}`);
    return page;
  }
}

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';
const errorsOf = (page: Page) =>
  [...page.text.matchAll(/class="field__error">([^<]+)|<a href="#[^"]*">([^<]+)<\/a>/g)]
    .map((m) => m[1] ?? m[2])
    .join(' / ') || page.text.slice(0, 500);

async function login(loginId: string): Promise<Browser> {
  const browser = new Browser();
  const page = await browser.get('/login');
  await browser.post('/login', page, { loginId, password: DEMO_PASSWORD });
  return browser;
}

async function eventually<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Performs one action through the case page's own form, once the page offers it to this user. */
async function act(browser: Browser, workflowId: string, kind: string, fields: Record<string, string>): Promise<void> {
  const path = `/cases/${encodeURIComponent(workflowId)}`;
  const formAction = `action="${path}/actions/${kind}"`;
  const page = await eventually(`the ${kind} form on ${workflowId}`, async () => {
    const p = await browser.request('GET', path);
    return p.status === 200 && p.text.includes(formAction) ? p : null;
  });
  const form = page.text.slice(page.text.indexOf(formAction));
  await browser.post(`${path}/actions/${kind}`, page, { ...fields, requestId: hidden(form, 'requestId') });
}

async function visible(query: string, workflowId: string): Promise<boolean> {
  for await (const w of client.workflow.list({ query })) if (w.workflowId === workflowId) return true;
  return false;
}

test('a certification, a 居宅届 and the renewal sweep, through both web processes, with a worker killed midway', async () => {
  const walkStarted = Date.now();

  // 認定係: the intake form.
  const nintei = await login('nintei');
  const form = await nintei.get('/applications/new');
  const applicationNo = /id="applicationNo" name="applicationNo" value="([^"]+)"/.exec(form.text)![1];
  const received = await nintei.post('/applications/new', form, {
    applicationNo,
    insuredNo: '0000100003',
    requestedType: 'new',
    appliedOn: today,
    applicantKind: 'family',
    applicantName: '小川 花子',
    identityCheckMethod: 'マイナンバーカード',
    doctorName: '宇土 誠',
    doctorClinic: '宇城中央クリニック',
    residenceKind: 'home',
    consentGiven: 'yes',
    consentDate: today,
    consentChannel: 'municipality',
  });
  const workflowId = `cert-${DEMO_INSURER_NO}-${applicationNo}`;
  expect(received.location).toBe(`/cases/${workflowId}`);

  // Each role's actions, from the forms the case page offers it.
  await act(nintei, workflowId, 'assignSurveyor', { surveyorKind: 'municipal', surveyorLoginId: 'chosa' });
  const chosa = await login('chosa');
  await act(chosa, workflowId, 'scheduleSurvey', { visitOn: today });

  // A worker dies mid-walk; the other carries on with every remaining step.
  cluster.killWorker(0);
  await eventually('worker 1 gone', async () => cluster.workers[0].signalCode !== null);

  await act(chosa, workflowId, 'completeSurvey', {
    surveyedOn: today,
    standardMinutes: '60',
    dementia: 'IIa',
    specialNotes: '屋内歩行は伝い歩き。',
  });
  await act(nintei, workflowId, 'receiveOpinion', { receivedOn: today, dementia: 'IIa' });
  const shinsakai = await login('shinsakai');
  await act(shinsakai, workflowId, 'scheduleBoard', { panel: '第1合議体', boardOn: today });
  await act(shinsakai, workflowId, 'recordSecondaryJudgement', { finalLevel: 'care_2', months: '12' });
  await act(nintei, workflowId, 'decide', {});

  const decided = await eventually('the decision in the read model', async () => {
    const row = await db('cases').where({ workflow_id: workflowId }).first();
    return row?.status === 'closed' ? row : null;
  });
  expect(decided).toMatchObject({ outcome: 'certified', final_level: 'care_2', case_kind: 'certification' });
  expect((await nintei.get(`/cases/${workflowId}`)).text).toContain('要介護2');
  const stageQuery = `KaigoInsurerNo = '${DEMO_INSURER_NO}' AND KaigoCaseStage = '${decided.stage}'`;
  await eventually('the decided case through visibility', () => visible(stageQuery, workflowId), 10_000);

  // A care office files a 居宅届; the 給付係 accepts it.
  const office = await login('ukinosato');
  const planForm = await office.get('/office/plan-notifications/new');
  const requestId = hidden(planForm.text, 'requestId');
  const filed = await office.post('/office/plan-notifications/new', planForm, {
    requestId,
    kind: 'new',
    'person[insuredNo]': '0000100002',
    'person[name]': '松橋 ハナ',
    'person[kana]': 'マツバセ ハナ',
    'person[birthDate]': demoBirthDate(today, '0000100002'),
    startDate: addDays(today, -3),
    'notifier[name]': '宇土 明美',
    'notifier[relation]': 'care_manager',
    'identity[method]': 'two_documents',
    'identity[documents][0]': '介護保険被保険者証',
    'identity[documents][1]': '健康保険証',
    'identity[proxyAuthority]': 'power_of_attorney',
    'identity[proxyIdentityMethod]': 'photo_id',
    'identity[checkedBy]': '宇土 明美',
    'identity[checkedOn]': today,
  });
  expect(filed.location).toBe(`/office/plan-notifications/${requestId}`);
  const kyufu = await login('kyufu');
  const review = await eventually('the 居宅届 in the 給付係 queue', async () => {
    const p = await kyufu.request('GET', `/plan-notifications/${requestId}`);
    return p.status === 200 && p.text.includes(`/plan-notifications/${requestId}/accept`) ? p : null;
  });
  await kyufu.post(`/plan-notifications/${requestId}/accept`, review, { requestId: hidden(review.text, 'requestId') });
  await eventually('the 居宅届 accepted in the read model', async () => {
    const row = await db('cases').where({ case_kind: 'plan_notification', application_no: requestId }).first();
    return row?.outcome === 'accepted';
  });
  expect((await office.get(`/office/plan-notifications/${requestId}`)).text).toContain('受理日');

  // 更新勧奨: eleven months on, the certification just decided expires within the reminder period.
  const expiresOn = addDays(today, 30);
  await db('cases').where({ workflow_id: workflowId }).update({ valid_to: expiresOn });
  await db('insured_persons').where({ insured_no: '0000100003' }).update({ cert_valid_to: expiresOn });
  await client.schedule.getHandle(`renewal-sweep-${DEMO_INSURER_NO}`).trigger();
  const watchId = `renewal-${DEMO_INSURER_NO}-${applicationNo}`;
  const watch = await eventually('the renewal watch in the read model', async () =>
    db('cases').where({ workflow_id: watchId }).first(),
  );
  expect(watch).toMatchObject({ case_kind: 'renewal_watch', insured_no: '0000100003', status: 'open' });
  // The person has no care plan office, so the 認定係 alone is asked to prompt the renewal.
  const tasks = await db('tasks').where({ workflow_id: watchId, status: 'open' });
  expect(tasks.map((t: { candidate_role: string }) => t.candidate_role)).toEqual(['intake']);
  const watchQuery = `KaigoInsurerNo = '${DEMO_INSURER_NO}' AND KaigoCaseStage = '${watch.stage}'`;
  await eventually('the renewal watch through visibility', () => visible(watchQuery, watchId), 10_000);
  expect(await visible(stageQuery, watchId)).toBe(false);

  // Each workflow walked left its rows once: one case row, events 1..last_seq with no gap, each notice and outbox row
  // once; the certification's history accepted each Update ID once, and the 7 actions posted.
  const plan = await db('cases').where({ case_kind: 'plan_notification', application_no: requestId }).first();
  const walked = [workflowId, watchId, (plan?.workflow_id as string | undefined) ?? `(no 居宅届 row for ${requestId})`];
  tally.lost = 0;
  tally.doubled = 0;
  for (const f of await caseFootprints(db, walked)) {
    const seqs = f.events.map((e) => e.seq);
    const once = (kinds: string[]) => new Set(kinds).size === kinds.length;
    if (f.caseRows === 0 || seqs.length === 0 || seqs.some((q, i) => q !== i + 1) || f.lastSeq !== seqs.length) {
      tally.lost++;
      tally.why.push(`${f.workflowId}: ${f.caseRows} rows, seqs ${seqs.join(',')}, last_seq ${f.lastSeq}`);
    } else if (f.caseRows > 1 || !once(f.noticeKinds) || !once(f.outboxKinds)) {
      tally.doubled++;
      tally.why.push(`${f.workflowId}: notices ${f.noticeKinds.join(',')}, outbox ${f.outboxKinds.join(',')}`);
    }
  }
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const accepted = (history.events ?? [])
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest)
    .filter((r) => r != null);
  const ids = accepted.map((r) => r.meta?.updateId ?? '');
  const names = new Set(accepted.map((r) => r.input?.name ?? ''));
  if (new Set(ids).size !== ids.length) tally.doubled++;
  const posted = [
    'assignSurveyor',
    'scheduleSurvey',
    'completeSurvey',
    'receiveOpinion',
    'scheduleBoard',
    'recordSecondaryJudgement',
    'decide',
  ];
  const missing = posted.filter((n) => !names.has(n));
  if (missing.length > 0) tally.lost++;
  if (new Set(ids).size !== ids.length || missing.length > 0)
    tally.why.push(`${workflowId}: Update IDs ${ids.join(',')}; not accepted ${missing.join(',')}`);
  expect(tally.why).toEqual([]);

  figures.walkMs = Date.now() - walkStarted;
  // Both web processes served the users, and the surviving worker is still there.
  expect(servedBy.size).toBe(2);
  expect(cluster.workers[1].exitCode).toBeNull();
});

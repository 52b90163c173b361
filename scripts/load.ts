/**
 * `npm run load [-- --minutes 5 --users 50 --url http://localhost:3000]`: a bounded load of simultaneous simulated
 * users against a running kaigo-flow (`npm start`), or against one it starts on throwaway directories (no --url).
 * Caseworkers and care offices log in, open their inbox, lists, person and case pages, and now and then take a task
 * and hand it back. Prints requests, errors, 5xx and p50/p95 per page kind. On the system it starts it then checks the
 * database: one audit row for every login, person page, claim and release that succeeded, and no task left held
 * (lost: a row missing; doubled: one too many). Writes test-artifacts/report/load.json (the README's proof table).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { percentiles, sleep } from '../bench/lib/stats';
import { addBenchPersons, kaigoDriver } from '../bench/lifecycle';
import { loadConfig } from '../config';
import { createRepositories } from '../db';
import { openDatabase } from '../db/connection';
import { loadLedger, type LoadLedger } from '../db/integrity';
import { DEMO_INSURER_NO, DEMO_PASSWORD } from '../db/seeds/demo';
import { jstDateOf } from '../domain/dates';
import { CertificationService } from '../web/services/certification';
import { connectTemporal } from '../web/temporal';
import { startChaosSystem, type ChaosSystem } from './chaos/system';
import { CookieJar } from './cookie-jar';
import { writeSuiteFigures } from './report/figures';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    minutes: { type: 'string', default: '5' },
    users: { type: 'string', default: '50' },
    /** mean pause between two pages of one user (a person reads the page) */
    'think-ms': { type: 'string', default: '1000' },
    /** open cases driven into the system it starts (inbox tasks, case pages) */
    cases: { type: 'string', default: '40' },
  },
});

const MUNICIPAL = ['nintei', 'chosa', 'shinsakai', 'kyufu', 'kakaricho'];
const OFFICES = ['ukinosato', 'houkatsu', 'shiranui'];

interface Tally {
  requests: number;
  errors: number;
  status5xx: number;
  times: Map<string, number[]>;
  failures: string[];
  /** what succeeded and must each have left one audit row (and a claim, a held task until released) */
  done: Record<Audited, number>;
}

/** The audited actions the users take, by their audit_log action. */
const AUDITED = ['login', 'person.view', 'task.claim', 'task.release'] as const;
type Audited = (typeof AUDITED)[number];

/** One user's browser: a cookie jar and a timed fetch that never throws. */
class Browser {
  private readonly jar = new CookieJar();
  constructor(
    private readonly base: string,
    readonly tally: Tally,
  ) {}

  async go(kind: string, pathname: string, form?: Record<string, string>): Promise<{ status: number; text: string }> {
    const t0 = performance.now();
    this.tally.requests++;
    try {
      const res = await fetch(this.base + pathname, this.jar.init(form ? 'POST' : 'GET', form));
      this.jar.keep(res);
      const text = await res.text();
      const list = this.tally.times.get(kind) ?? [];
      list.push(performance.now() - t0);
      this.tally.times.set(kind, list);
      if (res.status >= 500) this.tally.status5xx++;
      if (res.status >= 400) this.fail(`${kind} ${pathname} → ${res.status}`);
      return { status: res.status, text };
    } catch (err) {
      this.fail(`${kind} ${pathname} → ${(err as Error).message}`);
      return { status: 0, text: '' };
    }
  }

  private fail(what: string) {
    this.tally.errors++;
    if (this.tally.failures.length < 20) this.tally.failures.push(what);
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const linksOf = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => m[1]);
const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];

async function login(b: Browser, loginId: string): Promise<boolean> {
  const page = await b.go('login', '/login');
  const res = await b.go('login', '/login', { _csrf: csrfOf(page.text), loginId, password: DEMO_PASSWORD });
  if (res.status === 302) b.tally.done.login++;
  return res.status === 302;
}

/** A caseworker's rounds: inbox, cases, a case, persons, a person; every 10th round takes a task and hands it back. */
async function municipalRound(b: Browser, round: number): Promise<void> {
  const inbox = await b.go('inbox', '/tasks');
  if (round % 10 === 9) {
    const task = pick(linksOf(inbox.text, /action="\/tasks\/([^"]+)\/claim"/g));
    if (task) {
      const claim = await b.go('action', `/tasks/${task}/claim`, { _csrf: csrfOf(inbox.text), back: '/tasks' });
      if (claim.status === 302) b.tally.done['task.claim']++;
      const release = await b.go('action', `/tasks/${task}/release`, { _csrf: csrfOf(inbox.text), back: '/tasks' });
      if (release.status === 302) b.tally.done['task.release']++;
    }
  }
  const cases = await b.go('list', '/cases');
  const kase = pick(linksOf(cases.text, /href="\/cases\/(cert-[^"/?]+)"/g));
  if (kase) await b.go('case', `/cases/${kase}`);
  const persons = await b.go('list', '/persons');
  const person = pick(linksOf(persons.text, /href="\/persons\/(\d{10})"/g));
  if (person && (await b.go('person', `/persons/${person}`)).status === 200) b.tally.done['person.view']++;
}

/** A care office's rounds: home, tasks, a client, a case, its 居宅届 list. */
async function officeRound(b: Browser): Promise<void> {
  const home = await b.go('inbox', '/office');
  const person = pick(linksOf(home.text, /href="\/office\/persons\/(\d{10})"/g));
  if (person && (await b.go('person', `/office/persons/${person}`)).status === 200) b.tally.done['person.view']++;
  const kase = pick(linksOf(home.text, /href="\/office\/cases\/([^"/?]+)"/g));
  if (kase) await b.go('case', `/office/cases/${kase}`);
  await b.go('list', '/office/tasks');
  await b.go('list', '/office/plan-notifications');
}

async function user(i: number, base: string, until: number, think: number, tally: Tally): Promise<void> {
  const loginId = i % 2 === 0 ? MUNICIPAL[(i / 2) % MUNICIPAL.length] : OFFICES[((i - 1) / 2) % OFFICES.length];
  const b = new Browser(base, tally);
  await sleep(Math.random() * think); // users do not all arrive in the same millisecond
  if (!(await login(b, loginId))) return;
  for (let round = 0; Date.now() < until; round++) {
    if (MUNICIPAL.includes(loginId)) await municipalRound(b, round);
    else await officeRound(b);
    await sleep(think * (0.5 + Math.random()));
  }
}

/** Cases for the users to look at, started through the real workflows and left open at their first steps. */
async function openCases(system: ChaosSystem, n: number): Promise<void> {
  const config = loadConfig(system.appEnv);
  const db = openDatabase(config.databaseUrl);
  const gateway = await connectTemporal({
    address: system.temporalAddress,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    payloadKeys: config.payloadKeys,
  });
  try {
    const service = new CertificationService({
      repos: createRepositories(db),
      client: gateway.client,
      taskQueue: gateway.taskQueue,
    });
    await addBenchPersons(db, DEMO_INSURER_NO, 0, n);
    const driver = kaigoDriver({
      service,
      client: gateway.client,
      db,
      insurerNo: DEMO_INSURER_NO,
      today: jstDateOf(Date.now()),
      tag: 'load',
      openOnly: true,
    });
    for (let i = 0; i < n; i++) await driver.start(i);
  } finally {
    await gateway.close();
    await db.destroy();
  }
}

/** Audit rows and held tasks in the database of the system the load started (null with --url: not ours to read). */
async function ledger(system: ChaosSystem | null, afterAuditId?: number): Promise<LoadLedger | null> {
  if (!system) return null;
  const db = openDatabase(loadConfig(system.appEnv).databaseUrl);
  try {
    return await loadLedger(db, [...AUDITED], afterAuditId);
  } finally {
    await db.destroy();
  }
}

/** Lost and doubled: each audited action that succeeded against its audit rows, and tasks claimed but not released. */
function judgeLedger(tally: Tally, before: LoadLedger, after: LoadLedger) {
  let lost = 0;
  let doubled = 0;
  const why: string[] = [];
  for (const a of AUDITED) {
    const d = after.audit[a] - tally.done[a];
    if (d < 0) lost += -d;
    if (d > 0) doubled += d;
    if (d !== 0) why.push(`${a}: ${tally.done[a]} done, ${after.audit[a]} audit rows`);
  }
  const held = after.heldTasks - before.heldTasks;
  const expected = tally.done['task.claim'] - tally.done['task.release'];
  if (held !== expected) {
    lost += Math.abs(held - expected);
    why.push(`tasks held: ${held} more than before, ${expected} expected`);
  }
  return { lost, doubled, why };
}

async function main(): Promise<number> {
  const minutes = Number(args.minutes);
  const users = Number(args.users);
  const think = Number(args['think-ms']);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const system = args.url ? null : await startChaosSystem(log);
  let base = args.url ?? '';
  const done = Object.fromEntries(AUDITED.map((a) => [a, 0])) as Record<Audited, number>;
  const tally: Tally = { requests: 0, errors: 0, status5xx: 0, times: new Map(), failures: [], done };
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]), 10_000);
  try {
    if (system) {
      await system.startWorker();
      base = await system.startWeb();
      await openCases(system, Number(args.cases));
    }
    const before = await ledger(system);
    log(`load: ${users} users for ${minutes} min against ${base}`);
    const t0 = Date.now();
    const until = t0 + minutes * 60_000;
    loads.push(os.loadavg()[0]);
    await Promise.all(Array.from({ length: users }, (_, i) => user(i, base, until, think, tally)));
    const seconds = Math.round((Date.now() - t0) / 1000);
    loads.push(os.loadavg()[0]);
    await sleep(1000); // the login audit row is written after the redirect
    const after = before && (await ledger(system, before.lastAuditId));
    const judged = before && after ? judgeLedger(tally, before, after) : null;
    const pages = Object.fromEntries([...tally.times].map(([k, v]) => [k, percentiles(v)]));
    const loadAverage = {
      min: Math.min(...loads),
      max: Math.max(...loads),
      mean: Math.round((loads.reduce((a, b) => a + b, 0) / loads.length) * 100) / 100,
      cpus: os.cpus().length,
    };
    const p95 = Object.entries(pages)
      .map(([k, p]) => `${k} ${Math.round(p.p95)}`)
      .join(', ');
    writeSuiteFigures(
      {
        suite: 'load',
        size: `${users} users × ${minutes} min, ${tally.requests} requests (${seconds} s; 1-min load average ${loadAverage.min}–${loadAverage.max} on ${loadAverage.cpus} CPUs)`,
        lost: judged?.lost ?? null,
        doubled: judged?.doubled ?? null,
        leaked: null,
        status5xx: tally.status5xx,
        other: `errors ${tally.errors}; p95 ms: ${p95}${judged?.why.length ? `; ${judged.why.join('; ')}` : ''}`,
        passed: tally.errors === 0 && judged !== null && judged.lost + judged.doubled === 0,
      },
      {
        users,
        minutes,
        seconds,
        requests: tally.requests,
        errors: tally.errors,
        pages,
        loadAverage,
        done,
        after,
        failures: tally.failures,
      },
    );
    log(`requests ${tally.requests}, errors ${tally.errors}, 5xx ${tally.status5xx}, ${seconds} s`);
    for (const [k, p] of Object.entries(pages)) log(`  ${k.padEnd(7)} n=${p.n} p50=${p.p50} ms p95=${p.p95} ms`);
    log(`load average ${JSON.stringify(loadAverage)}; done ${JSON.stringify(done)}; database ${JSON.stringify(after)}`);
    if (judged) log(`lost ${judged.lost}, doubled ${judged.doubled} ${judged.why.join('; ')}`);
    for (const f of tally.failures) log(`  ${f}`);
    return tally.errors === 0 && (judged === null || judged.lost + judged.doubled === 0) ? 0 : 1;
  } finally {
    clearInterval(sampler);
    await system?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

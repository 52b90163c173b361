/**
 * `npm run load [-- --minutes 5 --users 50 --url http://localhost:3000]`: a bounded load of simultaneous simulated
 * users against a running kaigo-flow (`npm start`), or against one it starts on throwaway directories (no --url).
 * Caseworkers and care offices log in, open their inbox, lists, person and case pages, and now and then take a task
 * and hand it back. Prints requests, errors, 5xx and p50/p95 per page kind; writes test-artifacts/load.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { percentiles, sleep } from '../bench/lib/stats';
import { projectRoot } from '../config/paths';
import { addBenchPersons, kaigoDriver } from '../bench/lifecycle';
import { loadConfig } from '../config';
import { createRepositories } from '../db';
import { openDatabase } from '../db/connection';
import { DEMO_INSURER_NO, DEMO_PASSWORD } from '../db/seeds/demo';
import { jstDateOf } from '../domain/dates';
import { CertificationService } from '../web/services/certification';
import { connectTemporal } from '../web/temporal';
import { startChaosSystem, type ChaosSystem } from './chaos/system';
import { CookieJar } from './cookie-jar';

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
}

/** One user's browser: a cookie jar and a timed fetch that never throws. */
class Browser {
  private readonly jar = new CookieJar();
  constructor(
    private readonly base: string,
    private readonly tally: Tally,
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
  return res.status === 302;
}

/** A caseworker's rounds: inbox, cases, a case, persons, a person; every 10th round takes a task and hands it back. */
async function municipalRound(b: Browser, round: number): Promise<void> {
  const inbox = await b.go('inbox', '/tasks');
  if (round % 10 === 9) {
    const task = pick(linksOf(inbox.text, /action="\/tasks\/([^"]+)\/claim"/g));
    if (task) {
      await b.go('action', `/tasks/${task}/claim`, { _csrf: csrfOf(inbox.text), back: '/tasks' });
      await b.go('action', `/tasks/${task}/release`, { _csrf: csrfOf(inbox.text), back: '/tasks' });
    }
  }
  const cases = await b.go('list', '/cases');
  const kase = pick(linksOf(cases.text, /href="\/cases\/(cert-[^"/?]+)"/g));
  if (kase) await b.go('case', `/cases/${kase}`);
  const persons = await b.go('list', '/persons');
  const person = pick(linksOf(persons.text, /href="\/persons\/(\d{10})"/g));
  if (person) await b.go('person', `/persons/${person}`);
}

/** A care office's rounds: home, tasks, a client, a case, its 居宅届 list. */
async function officeRound(b: Browser): Promise<void> {
  const home = await b.go('inbox', '/office');
  const person = pick(linksOf(home.text, /href="\/office\/persons\/(\d{10})"/g));
  if (person) await b.go('person', `/office/persons/${person}`);
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

async function main(): Promise<number> {
  const minutes = Number(args.minutes);
  const users = Number(args.users);
  const think = Number(args['think-ms']);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const system = args.url ? null : await startChaosSystem(log);
  let base = args.url ?? '';
  const tally: Tally = { requests: 0, errors: 0, status5xx: 0, times: new Map(), failures: [] };
  try {
    if (system) {
      await system.startWorker();
      base = await system.startWeb();
      await openCases(system, Number(args.cases));
    }
    log(`load: ${users} users for ${minutes} min against ${base}`);
    const t0 = Date.now();
    const until = t0 + minutes * 60_000;
    await Promise.all(Array.from({ length: users }, (_, i) => user(i, base, until, think, tally)));
    const seconds = Math.round((Date.now() - t0) / 1000);
    const pages = Object.fromEntries([...tally.times].map(([k, v]) => [k, percentiles(v)]));
    const result = {
      suite: 'load',
      ranAt: new Date().toISOString(),
      users,
      minutes,
      seconds,
      requests: tally.requests,
      errors: tally.errors,
      status5xx: tally.status5xx,
      pages,
      failures: tally.failures,
    };
    const dir = path.join(projectRoot, 'test-artifacts');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'load.json'), `${JSON.stringify(result, null, 2)}\n`);
    log(`requests ${tally.requests}, errors ${tally.errors}, 5xx ${tally.status5xx}, ${seconds} s`);
    for (const [k, p] of Object.entries(pages)) log(`  ${k.padEnd(7)} n=${p.n} p50=${p.p50} ms p95=${p.p95} ms`);
    for (const f of tally.failures) log(`  ${f}`);
    return tally.errors === 0 ? 0 : 1;
  } finally {
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

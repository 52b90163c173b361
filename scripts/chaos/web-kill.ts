/**
 * The web process killed while an action form is posted: the same form (same requestId) posted again to the restarted
 * process must have the action happen once and give the same answer, and the case page must show it.
 */
import type { Client } from '@temporalio/client';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { sleep } from '../../bench/lib/stats';
import { caseHistory } from './cases';
import type { ChaosSystem } from './system';
import { until } from './system';
import { CookieJar } from '../cookie-jar';

interface Page {
  status: number;
  text: string;
  location: string | null;
}

/** One user's cookie jar against whichever web process listens on `base`. */
class Browser {
  private readonly jar = new CookieJar();
  constructor(private readonly base: () => string) {}

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Page> {
    const res = await fetch(`${this.base()}${path}`, this.jar.init(method, form));
    this.jar.keep(res);
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }

  /** The request as fetch sends it, without waiting for the answer (the process may die first). */
  send(path: string, form: Record<string, string>): Promise<unknown> {
    return fetch(`${this.base()}${path}`, this.jar.init('POST', form)).catch((err: Error) => err);
  }
}

/** The display name of the demo account `chosa`, which the case page shows once the assignment is in. */
const SURVEYOR_NAME = '小川 健';

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

export interface WebKillResult {
  workflowId: string;
  /** the answers to the repeated post (status and location), all equal when the request ID works */
  answers: string[];
  updatesAccepted: number;
  pageShowsIt: boolean;
  ok: boolean;
}

/**
 * One trial on a case that waits for 調査員割当: posts the form, SIGKILLs the web process `killAfterMs` later,
 * restarts it, posts the same form twice more.
 */
export async function webKillTrial(opts: {
  system: ChaosSystem;
  client: Client;
  workflowId: string;
  killAfterMs: number;
}): Promise<WebKillResult> {
  const { system, workflowId } = opts;
  let base = await system.startWeb();
  const browser = new Browser(() => base);
  const login = await browser.request('GET', '/login');
  await browser.request('POST', '/login', {
    loginId: 'nintei',
    password: DEMO_PASSWORD,
    _csrf: hidden(login.text, '_csrf'),
  });
  const path = `/cases/${encodeURIComponent(workflowId)}`;
  const formAction = `action="${path}/actions/assignSurveyor"`;
  let page: Page | null = null;
  await until(`the assignSurveyor form on ${workflowId}`, 30_000, async () => {
    page = await browser.request('GET', path);
    return page.status === 200 && page.text.includes(formAction);
  });
  const text = page!.text;
  const form = {
    surveyorKind: 'municipal',
    // the demo's 認定調査員 account (the picker takes an account, not a typed name)
    surveyorLoginId: 'chosa',
    requestId: hidden(text.slice(text.indexOf(formAction)), 'requestId'),
    _csrf: hidden(text, '_csrf'),
  };
  const sent = browser.send(`${path}/actions/assignSurveyor`, form);
  await sleep(opts.killAfterMs);
  await system.killWeb();
  await sent;
  base = await system.startWeb();
  const answers: string[] = [];
  for (let i = 0; i < 2; i++) {
    const p = await browser.request('POST', `${path}/actions/assignSurveyor`, form);
    answers.push(`${p.status} ${p.location}`);
  }
  const shown = await browser.request('GET', path);
  await system.killWeb();
  const history = await caseHistory(opts.client, workflowId);
  const pageShowsIt = shown.status === 200 && shown.text.includes(SURVEYOR_NAME);
  const ok =
    history.updatesAccepted === 1 && pageShowsIt && answers.every((a) => a === answers[0] && a.startsWith('302'));
  return { workflowId, answers, updatesAccepted: history.updatesAccepted, pageShowsIt, ok };
}

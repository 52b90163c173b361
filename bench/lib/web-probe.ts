/** Drives the real web process over HTTP (login with CSRF, then page loads) while its memory is sampled. */
import { nowMs, percentiles, Percentiles } from './stats';

class Session {
  private cookie = '';
  constructor(private readonly base: string) {}
  async request(
    path: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ status: number; body: string; location: string | null }> {
    const res = await fetch(this.base + path, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  }
  async login(loginId: string, password: string): Promise<void> {
    const page = await this.request('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!csrf) throw new Error(`no CSRF token on /login (status ${page.status})`);
    const res = await this.request('/login', { method: 'POST', form: { loginId, password, _csrf: csrf } });
    if (res.status !== 302) throw new Error(`login ${loginId} failed: ${res.status}`);
  }
}

export interface WebProbeResult {
  rounds: number;
  requests: number;
  statuses: Record<string, number>;
  pages: Record<string, Percentiles>;
}

/** Logs in as a supervisor, a caseworker and a care office, and loads their list pages `rounds` times. */
export async function probeWeb(opts: {
  base: string;
  password: string;
  rounds: number;
  searchKana: string;
  caseId: string | null;
}): Promise<WebProbeResult> {
  const supervisor = new Session(opts.base);
  const intake = new Session(opts.base);
  const office = new Session(opts.base);
  await supervisor.login('kakaricho', opts.password);
  await intake.login('nintei', opts.password);
  await office.login('ukinosato', opts.password);
  const plan: [Session, string][] = [
    [supervisor, '/dashboard'],
    [supervisor, '/cases'],
    [supervisor, `/cases?q=${encodeURIComponent(opts.searchKana)}`],
    [supervisor, '/cases?overdue=1'],
    [intake, '/tasks'],
    [intake, '/tasks?tab=all'],
    [intake, `/persons?q=${encodeURIComponent(opts.searchKana)}`],
    [office, '/office'],
    ...(opts.caseId ? ([[intake, `/cases/${encodeURIComponent(opts.caseId)}`]] as [Session, string][]) : []),
  ];
  const statuses: Record<string, number> = {};
  const times = new Map<string, number[]>();
  let requests = 0;
  for (let r = 0; r < opts.rounds; r++) {
    for (const [s, path] of plan) {
      const t0 = nowMs();
      const res = await s.request(path);
      const ms = nowMs() - t0;
      requests += 1;
      const key = `${path.split('?')[0]} ${res.status}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (!times.has(path)) times.set(path, []);
      times.get(path)!.push(ms);
    }
  }
  return {
    rounds: opts.rounds,
    requests,
    statuses,
    pages: Object.fromEntries([...times].map(([k, v]) => [k, percentiles(v)])),
  };
}

/** Findings of the security probe (issue 19): login throttling, redirects, sessions, caching, errors, hostile text. */
import type { Knex } from 'knex';
import request from 'supertest';
import { loadConfig } from '../../config';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { LOGIN_THROTTLE } from '../../domain/security/login-throttle';
import { appOptionsOf, createApp } from '../../web/app';
import { LoginThrottleService } from '../../web/services/login-throttle';
import { createRepositories } from '../../db';
import { csrfOf, loginAs, servicesWith, tempDb } from './helpers';

const MIN = 60_000;

describe('security', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let now = Date.parse('2026-12-04T01:00:00Z');
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    const services = servicesWith(db, { loginThrottle: new LoginThrottleService(createRepositories(db), () => now) });
    app = createApp(services, { sessionSecret: 'test-secret-test-secret', production: true });
  });
  afterAll(async () => cleanup());

  async function tryLogin(loginId: unknown, password: string, opts: { ip?: string; next?: unknown } = {}) {
    const agent = request.agent(app);
    const page = await agent.get('/login').expect(200);
    let post = agent.post('/login').type('form');
    if (opts.ip) post = post.set('X-Forwarded-For', opts.ip);
    return post.send({ _csrf: csrfOf(page.text), loginId, password, ...(opts.next ? { next: opts.next } : {}) });
  }

  it('locks an account after repeated wrong passwords, even for the right one, and audits it', async () => {
    for (let i = 0; i < LOGIN_THROTTLE.accountFailures; i++) {
      expect((await tryLogin('kyufu', 'wrong')).status).toBe(400);
    }
    const refused = await tryLogin('kyufu', DEMO_PASSWORD);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('一時的にログインできません');
    expect(refused.text).toContain('令和8年12月4日 10:15 以降');
    const actions = (await db('audit_log').where({ target: 'user:kyufu' }).orderBy('id')).map((r) => r.action);
    expect(actions).toEqual([...Array(LOGIN_THROTTLE.accountFailures).fill('login.failed'), 'login.locked']);
    // an unknown login ID is locked with the same words, so a lock tells nothing about which accounts exist
    for (let i = 0; i < LOGIN_THROTTLE.accountFailures; i++) await tryLogin('no-such-user', 'x');
    expect((await tryLogin('no-such-user', 'x')).text).toContain('一時的にログインできません');
    // after the lock has run out the right password works, and the account's count starts again
    now += LOGIN_THROTTLE.lockMinutes * MIN + 1;
    const ok = await tryLogin('kyufu', DEMO_PASSWORD);
    expect(ok.status).toBe(302);
    expect(await db('login_failures').where({ login_id: 'kyufu' }).first()).toBeUndefined();
  });

  it('locks an address that guesses across many accounts; X-Forwarded-For is not trusted by default', async () => {
    now += LOGIN_THROTTLE.windowMinutes * MIN + 1;
    for (let i = 0; i < LOGIN_THROTTLE.addressFailures; i++) {
      await tryLogin(`guess-${i}`, 'x', { ip: `203.0.113.${i}` });
    }
    // each request claimed another address, yet all came from the same socket
    const refused = await tryLogin('chosa', DEMO_PASSWORD, { ip: '198.51.100.7' });
    expect(refused.text).toContain('一時的にログインできません');
    const ips = await db('audit_log').where({ action: 'login.failed' }).distinct('ip');
    expect(ips.map((r) => r.ip)).not.toContain('203.0.113.1');
    now += LOGIN_THROTTLE.lockMinutes * MIN + 1;
  });

  it('answers a repeated next parameter with the login page, and never redirects off the site', async () => {
    const page = await request(app).get('/login?next=/a&next=/b');
    expect(page.status).toBe(200);
    for (const next of ['/\\evil.example', '//evil.example', 'https://evil.example/', ['/a', '/b']]) {
      const res = await tryLogin('nintei', DEMO_PASSWORD, { next });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/tasks');
    }
    expect((await tryLogin('nintei', DEMO_PASSWORD, { next: '/cases?page=2' })).headers.location).toBe('/cases?page=2');
  });

  it('refuses control, zero-width and bidi characters and a login ID sent as an array with a 400', async () => {
    for (const loginId of ['nin\u0000tei', 'nin\u200btei', '\u202enintei', ['nintei', 'kyufu']]) {
      const res = await tryLogin(loginId, DEMO_PASSWORD);
      expect(res.status).toBe(400);
    }
    expect((await tryLogin('nin\u200btei', DEMO_PASSWORD)).text).toContain('使用できない文字');
  });

  it('gives a new session ID at login and invalidates the session at logout', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const before = /kaigo\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))![1];
    const login = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), loginId: 'nintei', password: DEMO_PASSWORD })
      .expect(302);
    const after = /kaigo\.sid=([^;]+)/.exec(String(login.headers['set-cookie']))![1];
    expect(after).not.toBe(before);
    const tasks = await agent.get('/tasks').expect(200);
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfOf(tasks.text) })
      .expect(302);
    // the old cookie, replayed, is no longer a session
    const replay = await request(app).get('/tasks').set('Cookie', `kaigo.sid=${after}`);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toContain('/login');
  });

  it('marks every page no-store, and opens no session for a page without a form', async () => {
    const before = (await db('sessions').count({ n: '*' }).first())!.n;
    const start = await request(app).get('/');
    expect(start.headers['cache-control']).toBe('no-store');
    expect(start.headers['set-cookie']).toBeUndefined();
    expect((await db('sessions').count({ n: '*' }).first())!.n).toBe(before);
    // the login form's session is short-lived until someone logs in
    const login = await request(app).get('/login');
    const expires = /Expires=([^;]+)/.exec(String(login.headers['set-cookie']))![1];
    expect(Date.parse(expires) - Date.now()).toBeLessThanOrEqual(30 * MIN + 5000);
  });

  it('shows no stack trace to an anonymous visitor, even in development', async () => {
    const failing = servicesWith(db, {
      loginThrottle: new LoginThrottleService(createRepositories(db), () => now),
      users: {
        authenticate: async () => {
          throw new Error('boom at secret/path.ts:12');
        },
      },
    });
    const devApp = createApp(failing, { sessionSecret: 'test-secret-test-secret', production: false });
    const agent = request.agent(devApp);
    const page = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), loginId: 'nintei', password: 'x' });
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('secret/path.ts');
    expect(res.text).toContain('システムエラー');
  });

  it('shows the audit log timestamps in 和暦 and Japan time', async () => {
    const agent = await loginAs(app, 'kakaricho');
    const page = await agent.get('/audit').expect(200);
    expect(page.text).toMatch(/令和\d+年\d+月\d+日 \d{2}:\d{2}/);
  });

  it('production defaults: a Secure session cookie and no trusted proxy', () => {
    const prod = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    });
    expect(prod.sessionCookieSecure).toBe(true);
    expect(prod.trustProxy).toBe(false);
    expect(loadConfig({}).sessionCookieSecure).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('sets the Secure flag on the session cookie when asked to', async () => {
    const secureApp = createApp(servicesWith(db), {
      sessionSecret: 'test-secret-test-secret',
      production: true,
      secureCookies: true,
      trustProxy: 1,
    });
    const res = await request(secureApp).get('/login').set('X-Forwarded-Proto', 'https');
    expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
  });

  it('the web process as production configures it: Secure cookie behind TLS, no trusted proxy, no stack traces', async () => {
    const env = {
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    };
    const direct = createApp(servicesWith(db), appOptionsOf(loadConfig(env)));
    // Reached directly over plain HTTP, a forged X-Forwarded-Proto does not make the app send its Secure cookie.
    const plain = await request(direct).get('/login').set('X-Forwarded-Proto', 'https');
    expect(plain.headers['set-cookie']).toBeUndefined();
    expect(appOptionsOf(loadConfig(env))).toMatchObject({ production: true, secureCookies: true, trustProxy: false });
    // Behind one TLS proxy (TRUST_PROXY=1): the cookie is Secure.
    const proxied = createApp(servicesWith(db), appOptionsOf(loadConfig({ ...env, TRUST_PROXY: '1' })));
    const res = await request(proxied).get('/login').set('X-Forwarded-Proto', 'https');
    expect(String(res.headers['set-cookie'])).toMatch(/kaigo\.sid=[^;]+;.*Secure/i);
  });
});

import type { Knex } from 'knex';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { createApp } from '../../web/app';
import { createServices } from '../../web/services';
import { createTempDb } from '../support/temp-db';

/** Extracts the CSRF token from a rendered form. */
function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1];
}

async function sessionCount(db: Knex): Promise<number> {
  const row = (await db('sessions').count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
}

describe('foundation: start page, health, login, CSRF, errors', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ db, cleanup } = await createTempDb({ seed: true }));
    const services = createServices({
      db,
      temporal: null,
      config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
    });
    app = createApp(services, { sessionSecret: 'test-secret-test-secret', production: true });
  });
  afterAll(async () => cleanup());

  it('GET /healthz reports each part up or down, nothing more (no versions, counts or errors), 503 when one is down', async () => {
    const res = await request(app).get('/healthz').expect(503);
    expect(res.body).toEqual({ ok: false, database: { ok: true }, temporal: { ok: false }, worker: { ok: false } });
  });

  it('GET /healthz opens no session: a monitor probing it leaves no row behind', async () => {
    const before = await sessionCount(db);
    const res = await request(app).get('/healthz').expect(503);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await sessionCount(db)).toBe(before);
    // a page with a form does open one (its CSRF token lives there)
    const login = await request(app).get('/login').expect(200);
    expect(String(login.headers['set-cookie'])).toContain('kaigo.sid=');
    expect(await sessionCount(db)).toBe(before + 1);
  });

  it('expired sessions are deleted (the store cleans up at start and then regularly)', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await db('sessions').insert([
      { sid: 'expired-session', sess: '{"cookie":{}}', expired: past },
      { sid: 'live-session', sess: '{"cookie":{}}', expired: future },
    ]);
    const services = createServices({
      db,
      temporal: null,
      config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
    });
    createApp(services, { sessionSecret: 'test-secret-test-secret', production: true });
    for (let tries = 0; (await db('sessions').where({ sid: 'expired-session' }).first()) && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await db('sessions').where({ sid: 'expired-session' }).first()).toBeUndefined();
    expect(await db('sessions').where({ sid: 'live-session' }).first()).toBeDefined();
  });

  it('the start page shows anyone only whether each part is up: no counts, versions or Temporal link', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.text).toContain('データベース');
    expect(res.text).toContain('badge--ok');
    expect(res.text).not.toMatch(/被保険者 \d+ 人/);
    expect(res.text).not.toContain('マイグレーション');
    expect(res.text).not.toContain('localhost:8233');
    expect(res.text).toContain('href="/login"');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('a signed-in supervisor sees the details, the counts and the Temporal Web UI link; other staff do not', async () => {
    const login = async (loginId: string) => {
      const agent = request.agent(app);
      const page = await agent.get('/login').expect(200);
      await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(page.text), loginId, password: DEMO_PASSWORD })
        .expect(302);
      return agent;
    };
    const sup = await (await login('kakaricho')).get('/').expect(200);
    const [{ n }] = await db('insured_persons').count({ n: '*' });
    expect(sup.text).toContain(`被保険者 ${n} 人`);
    expect(sup.text).toContain('マイグレーション');
    expect(sup.text).toContain('http://localhost:8233/namespaces/default/workflows');
    const intake = await (await login('nintei')).get('/').expect(200);
    expect(intake.text).not.toMatch(/被保険者 \d+ 人/);
    expect(intake.text).toContain('href="/tasks"');
  });

  it('logs in with the right password and lands on the role home page; a wrong one returns the form with a message', async () => {
    await db('audit_log').whereIn('action', ['login', 'login.failed']).delete(); // other tests log in too
    const agent = request.agent(app);
    const page = await agent.get('/login').expect(200);
    const bad = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), loginId: 'nintei', password: 'wrong' })
      .expect(400);
    expect(bad.text).toContain('ログインIDまたはパスワードが正しくありません');
    expect(bad.text).toContain('value="nintei"');
    const ok = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(bad.text), loginId: 'kakaricho', password: DEMO_PASSWORD })
      .expect(302);
    expect(ok.headers.location).toBe('/dashboard');
    const audit = await db('audit_log').whereIn('action', ['login', 'login.failed']).orderBy('id');
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['login.failed', 'login']);
  });

  it('refuses a POST without the CSRF token', async () => {
    const res = await request(app).post('/login').type('form').send({ loginId: 'nintei', password: DEMO_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF');
  });

  it('sends anonymous users to the login page and answers unknown pages with a Japanese 404', async () => {
    const res = await request(app).get('/tasks').expect(302);
    expect(res.headers.location).toBe('/login?next=%2Ftasks');
    const agent = request.agent(app);
    const page = await agent.get('/login');
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), loginId: 'nintei', password: DEMO_PASSWORD })
      .expect(302);
    const missing = await agent.get('/no-such-page').expect(404);
    expect(missing.text).toContain('ページが見つかりません');
    expect(missing.text).not.toContain('at '); // no stack in production mode
  });

  it('stores passwords as bcrypt hashes, never in clear', async () => {
    const users = await db('users').select('password_hash');
    for (const u of users) {
      expect(u.password_hash).toMatch(/^\$2[aby]\$/);
      expect(u.password_hash).not.toContain(DEMO_PASSWORD);
    }
  });
});

/** What every page owes a person (issue 21, point 9): a favicon, and an error page title that says so. */
import type { Knex } from 'knex';
import request from 'supertest';
import { appOf, csrfOf, servicesWith, tempDb } from './helpers';

describe('page basics', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  it('serves a favicon where browsers look for it, and links it from every page', async () => {
    const icon = await request(app).get('/favicon.ico').expect(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    const page = await request(app).get('/login').expect(200);
    expect(page.text).toContain('<link rel="icon" href="/assets/favicon.svg"');
    await request(app).get('/assets/favicon.svg').expect(200);
  });

  it('starts the title with エラー after a failed post, and not before', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/login');
    expect(page.text).toMatch(/<title>ログイン \|/);
    const failed = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), loginId: 'nintei', password: 'wrong' })
      .expect(400);
    expect(failed.text).toMatch(/<title>エラー: ログイン \|/);
    expect(failed.text).toContain('class="error-summary" role="alert" tabindex="-1"');
  });
});

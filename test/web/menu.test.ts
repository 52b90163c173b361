/** Each role's menu on a real page: only links it may follow (issue 21, point 4). */
import type { Knex } from 'knex';
import { appOf, loginAs, servicesWith, tempDb } from './helpers';

describe('the main menu', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db));
  });
  afterAll(async () => cleanup());

  it('gives the 給付係 the 居宅届 queue, and the link answers 200', async () => {
    const agent = await loginAs(app, 'kyufu');
    const page = await agent.get('/tasks').expect(200);
    expect(page.text).toContain('href="/plan-notifications"');
    expect(page.text).not.toContain('認定申請受付');
  });

  it('links nothing that answers 403 for the 認定調査員', async () => {
    const agent = await loginAs(app, 'chosa');
    const page = await agent.get('/tasks').expect(200);
    const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(page.text)![0];
    const links = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).not.toContain('/applications/new');
    for (const href of links) expect((await agent.get(href)).status).toBe(200);
  });

  it('marks the current page and shows the Temporal Web UI to the 係長 only', async () => {
    const boss = await loginAs(app, 'kakaricho');
    const page = await boss.get('/cases').expect(200);
    expect(page.text).toContain('<a href="/cases" aria-current="page">');
    expect(page.text).toContain('Temporal Web UI');
    const clerk = await loginAs(app, 'nintei');
    expect((await clerk.get('/cases')).text).not.toContain('Temporal Web UI');
  });
});

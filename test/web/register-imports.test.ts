/** 台帳の取込 pages: who may upload, the upload's checks (multipart, CSRF, .csv), the progress page with row errors. */
import type { Knex } from 'knex';
import { createImport, saveImportCheck } from '../../db/register-imports';
import type { ImportUpload } from '../../web/services/register-import';
import { appOf, csrfOf, loginAs, servicesWith, tempDb } from './helpers';

describe('台帳の取込', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const started: ImportUpload[] = [];

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    const registerImport = {
      start: async (u: ImportUpload) => {
        started.push(u);
        await createImport(db, { id: 'fake-1', ...u, uploadedAt: '2026-11-25T01:00:00Z' });
        return { importId: 'fake-1' };
      },
    };
    app = appOf(servicesWith(db, { registerImport }));
  });
  afterAll(async () => cleanup());

  it('給付係 uploads a CSV: the workflow starts with the file, the page shows the layouts', async () => {
    const a = await loginAs(app, 'kyufu');
    const page = await a.get('/register/imports').expect(200);
    expect(page.text).toContain('被保険者番号,負担割合,適用開始日,適用終了日');
    const csv = '被保険者番号,負担割合,適用開始日,適用終了日\r\n0000100001,2,20260801,20270731\r\n';
    const res = await a
      .post('/register/imports')
      .field('_csrf', csrfOf(page.text))
      .attach('file', Buffer.from(csv, 'utf8'), '負担割合.csv')
      .expect(303);
    expect(res.headers.location).toBe('/register/imports/fake-1');
    expect(started).toEqual([
      { insurerNo: '432130', fileName: '負担割合.csv', content: csv, uploadedBy: 'kyufu', today: '2026-11-25' },
    ]);
    expect(await db('audit_log').where({ action: 'register.import' })).toHaveLength(1);
  });

  it('refuses no file, a file that is not .csv, and a missing CSRF token', async () => {
    const a = await loginAs(app, 'kyufu');
    let page = await a.get('/register/imports').expect(200);
    await a.post('/register/imports').field('_csrf', csrfOf(page.text)).expect(303);
    page = await a.get('/register/imports').expect(200);
    expect(page.text).toContain('取り込むファイルを選択してください');
    await a
      .post('/register/imports')
      .field('_csrf', csrfOf(page.text))
      .attach('file', Buffer.from('a,b'), 'memo.txt')
      .expect(303);
    expect((await a.get('/register/imports').expect(200)).text).toContain('CSVファイル（.csv）を選択してください');
    await a.post('/register/imports').attach('file', Buffer.from('a,b'), 'x.csv').expect(403);
    expect(started).toHaveLength(1);
  });

  it('other municipal roles read imports but may not upload; offices may not see them', async () => {
    const nintei = await loginAs(app, 'nintei');
    const page = await nintei.get('/register/imports').expect(200);
    expect(page.text).not.toContain('enctype="multipart/form-data"');
    await nintei
      .post('/register/imports')
      .field('_csrf', csrfOf(page.text))
      .attach('file', Buffer.from('a'), 'x.csv')
      .expect(403);
    const office = await loginAs(app, 'ukinosato');
    await office.get('/register/imports').expect(403);
  });

  it('the progress page lists the row errors by line; another insurer’s import is not found', async () => {
    await saveImportCheck(db, 'fake-1', {
      kind: 'copay',
      total: 3,
      valid: 2,
      errors: [{ line: 3, column: '負担割合', message: '負担割合は1、2、3のいずれかにしてください（4）' }],
      failure: null,
    });
    const a = await loginAs(app, 'kyufu');
    const res = await a.get('/register/imports/fake-1').expect(200);
    expect(res.text).toContain('正しい行 2・誤りのある行 1');
    expect(res.text).toMatch(
      /<td class="num">3<\/td><td>負担割合<\/td><td>負担割合は1、2、3のいずれかにしてください（4）/,
    );
    await db('insurers').insert({ insurer_no: '999999', name: '他市', prefecture: '熊本県' });
    await createImport(db, {
      id: 'other-1',
      insurerNo: '999999',
      fileName: 'x.csv',
      content: 'x',
      uploadedBy: 'x',
      uploadedAt: '2026-11-25T00:00:00Z',
    });
    await a.get('/register/imports/other-1').expect(404);
  });
});

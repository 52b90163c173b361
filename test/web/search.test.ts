/**
 * Search as people type it (issue 21 point 2): a kanji family name, a given name in kana, the last or middle digits of
 * a 被保険者番号, full-width digits; in 被保険者一覧 and 案件一覧 alike, kept up to date when a person changes.
 */
import type { Knex } from 'knex';
import { appOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

describe('search in 被保険者一覧 and 案件一覧', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await insertCase(db, {
      workflowId: 'cert-432130-S2',
      insuredNo: '0000100002',
      appliedOn: '2026-11-20',
      dueOn: '2026-12-21',
    });
    await insertCase(db, {
      workflowId: 'cert-432130-S3',
      insuredNo: '0000100003',
      appliedOn: '2026-11-21',
      dueOn: '2026-12-22',
    });
    app = appOf(servicesWith(db, {}));
  });
  afterAll(async () => cleanup());

  const persons = (res: { text: string }) => [...res.text.matchAll(/\/persons\/(\d{10})/g)].map((m) => m[1]);

  it.each([
    ['a kanji family name', '松橋'],
    ['a given name in kana', 'ハナ'],
    ['a given name in hiragana', 'はな'],
    ['the last digits of the 被保険者番号', '100002'],
    ['full-width digits', '１００００２'],
    ['the whole name with a full-width space', 'マツバセ　ハナ'],
  ])('finds 松橋 ハナ by %s', async (_what, q) => {
    const a = await loginAs(app, 'nintei');
    const p = await a.get('/persons?q=' + encodeURIComponent(q)).expect(200);
    expect(persons(p)).toContain('0000100002');
    expect(persons(p)).not.toContain('0000100003');
    const c = await a.get('/cases?q=' + encodeURIComponent(q)).expect(200);
    expect(c.text).toContain('cert-432130-S2');
    expect(c.text).not.toContain('cert-432130-S3');
  });

  it('finds a 被保険者番号 by digits in its middle', async () => {
    const a = await loginAs(app, 'nintei');
    const [person] = await db('insured_persons').where({ insured_no: '0000100003' });
    await db('insured_persons').insert({
      ...person,
      insured_no: '0000987654',
      name: '網田 次郎',
      kana: 'オウダ ジロウ',
    });
    expect(persons(await a.get('/persons?q=9876').expect(200))).toEqual(['0000987654']);
  });

  it('a name that matches nobody finds nothing, and the keys follow a change of name', async () => {
    const a = await loginAs(app, 'nintei');
    expect(persons(await a.get('/persons?q=' + encodeURIComponent('熊本')).expect(200))).toEqual([]);
    await db('insured_persons').where({ insured_no: '0000100003' }).update({ name: '熊本 一郎' });
    expect(persons(await a.get('/persons?q=' + encodeURIComponent('熊本')).expect(200))).toContain('0000100003');
    expect(persons(await a.get('/persons?q=' + encodeURIComponent('小川')).expect(200))).not.toContain('0000100003');
  });

  it('reads person_search_keys by its primary key (EXPLAIN QUERY PLAN)', async () => {
    const plan: { detail: string }[] = await db.raw(
      "explain query plan select insured_no from person_search_keys where insurer_no = '432130' " +
        "and search_key >= 'ハナ' and search_key < 'ハナ\uffff'",
    );
    expect(plan.map((r) => r.detail).join('\n')).toMatch(/SEARCH person_search_keys USING (COVERING )?INDEX/);
  });
});

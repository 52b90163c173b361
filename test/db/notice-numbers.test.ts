/**
 * db/notices.ts on every database: 文書番号 sequential per insurer, series and fiscal year, given once per notice; the
 * addressee's postal address on the notice date.
 */
import type { Knex } from 'knex';
import * as notices from '../../db/notices';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices } from './databases';

const OTHER_INSURER = '432999';

describe.each(databases('notice_numbers'))('db/notices.ts 文書番号 on %s', (_name, open) => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertInsurerAndOffices(db);
    await db('insurers').where({ insurer_no: DEMO_INSURER_NO }).update({
      document_prefix: '宇介',
      postal_code: '869-0592',
      address: '熊本県宇城市松橋町大野85',
      section: '健康福祉部 高齢介護課',
    });
    await db('insurers').insert({ insurer_no: OTHER_INSURER, name: '別市', prefecture: '熊本県' });
    await db('insured_persons').insert({
      insured_no: '0000100001',
      insurer_no: DEMO_INSURER_NO,
      name: '宇城 太郎',
      kana: 'ウキ タロウ',
      birth_date: '1940-04-01',
      sex: '1',
      postal_code: '869-0532',
      address: '熊本県宇城市松橋町松橋123番地',
      updated_at: '2026-11-01T00:00:00.000Z',
    });
  });
  afterAll(async () => cleanup());

  const assign = (noticeId: string, kind: string, issuedOn: string, insurerNo = DEMO_INSURER_NO) =>
    notices.assignNoticeNumber(db, { noticeId, insurerNo, kind, issuedOn, createdAt: `${issuedOn}T01:00:00.000Z` });

  it('numbers each series 1, 2, … per insurer and fiscal year, and restarts on 4/1', async () => {
    expect((await assign('w1:result', 'certification_result', '2027-03-30')).documentNo).toBe('8宇介認第1号');
    expect((await assign('w2:result', 'certification_result', '2027-03-31')).documentNo).toBe('8宇介認第2号');
    // another kind, another series
    expect((await assign('w2:postponement-1', 'postponement', '2027-03-31')).documentNo).toBe('8宇介延第1号');
    // another insurer: its own series and its default 記号 (first character of its name + 介)
    expect((await assign('x1:result', 'certification_result', '2027-03-31', OTHER_INSURER)).documentNo).toBe(
      '8別介認第1号',
    );
    // the fiscal year changes at 4/1
    expect((await assign('w3:result', 'certification_result', '2027-04-01')).documentNo).toBe('9宇介認第1号');
    expect((await assign('w4:result', 'certification_result', '2027-03-31')).documentNo).toBe('8宇介認第3号');
  });

  it('gives a notice its number once: issued again, even on another day, it keeps it', async () => {
    const first = await assign('w5:result', 'certification_result', '2027-05-10');
    const again = await assign('w5:result', 'certification_result', '2027-05-11');
    expect(again).toEqual(first);
    expect(first.documentNo).toBe('9宇介認第2号');
    expect(await db('notice_numbers').where({ notice_id: 'w5:result' })).toHaveLength(1);
    expect(await notices.noticeNumber(db, DEMO_INSURER_NO, 'w5:result')).toEqual(first);
    expect(await notices.noticeNumber(db, OTHER_INSURER, 'w5:result')).toBeNull();
  });

  it('never gives one number twice: the unique key refuses a second row', async () => {
    await expect(
      db('notice_numbers').insert({
        notice_id: 'intruder',
        insurer_no: DEMO_INSURER_NO,
        series: 'certification_result',
        fiscal_year: 2027,
        seq: 1,
        document_no: '9宇介認第1号',
        issued_on: '2027-04-01',
        created_at: '2027-04-01T00:00:00.000Z',
      }),
    ).rejects.toThrow();
  });

  it('addresses the person at the address held on the notice date', async () => {
    const now = await notices.noticeAddressee(db, DEMO_INSURER_NO, '0000100001', '2026-12-01');
    expect(now.addressee).toEqual({
      postalCode: '869-0532',
      address: '熊本県宇城市松橋町松橋123番地',
      name: '宇城 太郎',
      honorific: '様',
    });
    expect(now.insurer).toMatchObject({ name: '宇城市', postalCode: '869-0592', documentPrefix: '宇介' });
    // moved on 12/10 (JST): a notice of 12/9 keeps the old address, one of 12/10 has the new
    await db('insured_persons')
      .where({ insured_no: '0000100001' })
      .update({ postal_code: '869-0606', address: '熊本県宇城市小川町小川78番地' });
    await db('register_person_changes').insert(
      [
        ['postal_code', '869-0532', '869-0606'],
        ['address', '熊本県宇城市松橋町松橋123番地', '熊本県宇城市小川町小川78番地'],
      ].map(([field, before, after]) => ({
        insurer_no: DEMO_INSURER_NO,
        insured_no: '0000100001',
        field,
        before,
        after,
        source: 'import',
        recorded_at: '2026-12-09T16:00:00.000Z',
      })),
    );
    const before = await notices.noticeAddressee(db, DEMO_INSURER_NO, '0000100001', '2026-12-09');
    expect(before.addressee).toMatchObject({ postalCode: '869-0532', address: '熊本県宇城市松橋町松橋123番地' });
    const after = await notices.noticeAddressee(db, DEMO_INSURER_NO, '0000100001', '2026-12-10');
    expect(after.addressee).toMatchObject({ postalCode: '869-0606', address: '熊本県宇城市小川町小川78番地' });
    // another insurer's person is nobody
    expect((await notices.noticeAddressee(db, OTHER_INSURER, '0000100001', '2026-12-10')).addressee).toBeNull();
  });
});

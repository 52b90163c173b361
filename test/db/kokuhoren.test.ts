/**
 * 国保連 outbox export (db/kokuhoren.ts) on SQLite and PostgreSQL: a day's batch takes the insurer's unsent 受給者異動
 * and marks each sent once, a second export of the day answers the same bytes, another insurer's records and batches
 * stay apart, a 給付制限 corrected after it was sent goes out as a 訂正 in the next batch, a 資格喪失 as 終了.
 */
import type { Knex } from 'knex';
import * as kokuhoren from '../../db/kokuhoren';
import { enqueueOutbox } from '../../db/read-model';
import * as register from '../../db/register';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices } from './databases';

const A = DEMO_INSURER_NO;
const B = '439999';
const P = '0000910001';
const Q = '0000910002';
const OTHER = '0000920001';

const lines = (csv: string) => csv.split('\r\n').filter((l) => l !== '');
const fields = (line: string) => line.split(',').map((f) => f.replace(/^"|"$/g, ''));

describe.each(databases('kokuhoren'))('国保連 export on %s', (_name, open) => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  const person = (insurerNo: string, insuredNo: string, kana: string) => ({
    insured_no: insuredNo,
    insurer_no: insurerNo,
    name: '異動 太郎',
    kana,
    birth_date: '1941-05-06',
    sex: '1',
    updated_at: '2026-12-01T00:00:00Z',
  });
  const certification = (insurerNo: string, insuredNo: string, wf: string, createdAt: string) =>
    enqueueOutbox(db, {
      id: `${wf}:kokuhoren-beneficiary`,
      kind: 'kokuhoren_beneficiary_change',
      payload: {
        insurerNo,
        insuredNo,
        careLevel: 'care_2',
        validFrom: '2026-12-01',
        validTo: '2027-11-30',
        certifiedOn: '2026-11-28',
      },
      createdAt,
    });
  const exportOn = (insurerNo: string, day: string, at = `${day}T09:00:00.000Z`) =>
    kokuhoren.exportDay(db, { insurerNo, batchDate: day, createdBy: 'kyufu', createdAt: at });
  const restriction = (
    insuredNo: string,
    entry: { replacesId?: number; validTo: string | null; voided?: boolean },
    at: string,
  ) =>
    register.recordBenefitRestriction(db, {
      insurerNo: A,
      insuredNo,
      kind: 'benefit_reduction',
      validFrom: '2027-01-01',
      ...entry,
      reason: '滞納処分',
      source: 'manual',
      recordedBy: 'kyufu',
      recordedAt: at,
      today: '2026-12-10',
    });

  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertInsurerAndOffices(db);
    await db('insurers').insert({ insurer_no: B, name: '別市', prefecture: '熊本県' });
    await db('insured_persons').insert([
      person(A, P, 'イドウ タロウ'),
      person(A, Q, 'イドウ ジロウ'),
      person(B, OTHER, 'ベツ タロウ'),
    ]);
  });
  afterAll(() => cleanup());

  it("exports the insurer's unsent records once, marks them sent, and answers the same bytes again", async () => {
    await certification(A, P, 'cert-a-1', '2026-12-01T01:00:00.000Z');
    await certification(B, OTHER, 'cert-b-1', '2026-12-01T01:00:00.000Z');
    expect(await kokuhoren.pendingCount(db, A)).toBe(1);
    expect(await kokuhoren.pendingCount(db, B)).toBe(1);

    const first = await exportOn(A, '2026-12-01');
    expect(first?.created).toBe(true);
    const rows = lines(first!.batch.content);
    expect(rows).toHaveLength(2);
    expect(fields(rows[0]).slice(0, 5)).toEqual(['レコード番号', '訂正区分', '異動年月日', '異動区分', '異動事由']);
    const rec = fields(rows[1]);
    expect(rec.slice(0, 11)).toEqual(['1', '0', '20261201', '1', '01', A, P, 'イドウ タロウ', '19410506', '1', '22']);
    expect(await kokuhoren.pendingCount(db, A)).toBe(0);
    expect(await kokuhoren.pendingCount(db, B)).toBe(1);
    const sent = await db('outbox').where({ id: 'cert-a-1:kokuhoren-beneficiary' }).first('sent_at');
    expect(sent.sent_at).toBe('2026-12-01T09:00:00.000Z');

    // queued after the day's export: not in the day's file, which stays byte-identical
    await certification(A, Q, 'cert-a-2', '2026-12-01T10:00:00.000Z');
    const again = await exportOn(A, '2026-12-01', '2026-12-01T11:00:00.000Z');
    expect(again?.created).toBe(false);
    expect(again!.batch.content).toBe(first!.batch.content);
    expect(again!.batch.sha256).toBe(first!.batch.sha256);
    expect((await kokuhoren.getBatch(db, A, first!.batch.id))!.content).toBe(first!.batch.content);
    expect(await db('outbox').where({ id: 'cert-a-1:kokuhoren-beneficiary' }).first('sent_at')).toEqual(sent);
    expect(await db('kokuhoren_records').where({ batch_id: first!.batch.id })).toHaveLength(1);
  });

  it("keeps another insurer's batch apart", async () => {
    const b = await exportOn(B, '2026-12-01');
    expect(b?.created).toBe(true);
    expect(b!.batch.content).toContain(OTHER);
    expect(b!.batch.content).not.toContain(P);
    expect(await kokuhoren.getBatch(db, A, b!.batch.id)).toBeUndefined();
    expect((await kokuhoren.listBatches(db, A)).map((x) => x.insurer_no)).toEqual([A]);
    expect(await kokuhoren.pendingCount(db, B)).toBe(0);
  });

  it('sends a 給付制限 as 変更, its later correction as 訂正, and the same values again not at all', async () => {
    expect(await restriction(P, { validTo: null }, '2026-12-02T01:00:00.000Z')).toBe('changed');
    const d2 = await exportOn(A, '2026-12-02');
    // the 2026-12-01 queue (Q's certification) and P's restriction, in queue order
    const [q, p] = lines(d2!.batch.content).slice(1).map(fields);
    expect(q.slice(0, 7)).toEqual(['1', '0', '20261201', '1', '01', A, Q]);
    expect(p.slice(0, 7)).toEqual(['2', '0', '20270101', '2', '03', A, P]);
    expect(p.slice(17, 20)).toEqual(['3', '20270101', '']);

    const current = (await register.benefitRestrictionsOfPerson(db, A, P)).find((r) => r.superseded_by == null)!;
    expect(await restriction(P, { replacesId: current.id, validTo: null }, '2026-12-03T01:00:00.000Z')).toBe(
      'unchanged',
    );
    expect(await kokuhoren.pendingCount(db, A)).toBe(0);
    expect(await restriction(P, { replacesId: current.id, validTo: '2027-06-30' }, '2026-12-03T01:00:00.000Z')).toBe(
      'changed',
    );
    const d3 = await exportOn(A, '2026-12-03');
    expect(d3!.batch.correction_count).toBe(1);
    const corrected = fields(lines(d3!.batch.content)[1]);
    expect(corrected.slice(0, 7)).toEqual(['1', '1', '20270101', '2', '03', A, P]);
    expect(corrected.slice(17, 20)).toEqual(['3', '20270101', '20270630']);
    expect(
      (await db('insured_persons').where({ insured_no: P }).first('benefit_restriction')).benefit_restriction,
    ).toBe('給付額減額（令和9年1月1日〜令和9年6月30日）');
    const history = await db('register_person_changes').where({ insured_no: P, field: 'benefit_restriction' });
    expect(history.map((h) => h.after)).toEqual([
      '給付額減額（令和9年1月1日〜）',
      '給付額減額（令和9年1月1日〜令和9年6月30日）',
    ]);
  });

  it('sends a 資格喪失 as 終了, and nothing more when nothing waits', async () => {
    await register.recordPersonLoss(db, {
      insurerNo: A,
      insuredNo: Q,
      reason: 'deceased',
      lostOn: '2026-12-03',
      note: '死亡届',
      source: 'manual',
      recordedBy: 'kyufu',
      recordedAt: '2026-12-04T01:00:00.000Z',
    });
    const d4 = await exportOn(A, '2026-12-04');
    const end = fields(lines(d4!.batch.content)[1]);
    expect(end.slice(0, 7)).toEqual(['1', '0', '20261203', '3', '05', A, Q]);
    expect(end[21]).toBe('20261203');
    expect(await exportOn(A, '2026-12-05')).toBeUndefined();
    expect(await db('kokuhoren_batches').where({ insurer_no: A, batch_date: '2026-12-05' })).toHaveLength(0);
    // every queued row of the insurer was sent exactly once, in exactly one batch
    const outbox = await db('outbox').where({ insurer_no: A });
    expect(outbox.every((o) => o.sent_at)).toBe(true);
  });
});

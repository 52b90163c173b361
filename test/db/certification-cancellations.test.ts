/**
 * 認定取消 in the database (db/certification-cancellations.ts), SQLite and PostgreSQL: a 取消 of a certification with
 * a next one decided early ends the current one the day before the 申出日 and voids the next, with the earlier values
 * kept; the same request ID twice is one 取消 and one 受給者異動; another insurer neither finds the row nor may reuse
 * its request ID for its own person; a refusal writes nothing; a certification decided later clears the marker.
 */
import type { Knex } from 'knex';
import * as cancellations from '../../db/certification-cancellations';
import { applyCertification } from '../../db/persons';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices } from './databases';

const A = DEMO_INSURER_NO;
const B = '439999';
const NO = '0000700001';
const OTHER = '0000790001';

for (const [name, open] of databases('certification_cancellations')) {
  describe(`認定取消 (${name})`, () => {
    let db: Knex;
    let cleanup: () => Promise<void>;
    const person = (insurerNo: string, insuredNo: string) => ({
      insured_no: insuredNo,
      insurer_no: insurerNo,
      name: '取消 花子',
      kana: 'トリケシ ハナコ',
      birth_date: '1940-01-01',
      sex: '2',
      status: 'active',
      care_level: 'care_1',
      cert_valid_from: '2026-02-01',
      cert_valid_to: '2027-01-31',
      certified_on: '2026-01-20',
      next_care_level: 'care_2',
      next_cert_valid_from: '2027-02-01',
      next_cert_valid_to: '2028-01-31',
      next_certified_on: '2026-12-04',
      updated_at: '2026-01-20T00:00:00Z',
    });
    const input = (over: Partial<cancellations.CancellationInput> = {}): cancellations.CancellationInput => ({
      insurerNo: A,
      insuredNo: NO,
      requestId: '0123456789abcdef',
      requestedOn: '2026-12-10',
      reason: '本人の申出',
      today: '2026-12-12',
      recordedBy: 'nintei',
      recordedAt: '2026-12-12T01:00:00Z',
      noticeHtml: (p, e) => `<p>${p.name} ${e.invalidFrom}</p>`,
      ...over,
    });

    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await insertInsurerAndOffices(db);
      await db('insurers').insert({ insurer_no: B, name: '別市', prefecture: '熊本県' });
      await db('insured_persons').insert([person(A, NO), person(B, OTHER)]);
    });
    afterAll(async () => cleanup());

    it('refused while a 区分変更 is pending: nothing written', async () => {
      await db('cases').insert({
        workflow_id: 'cert-432130-PENDING',
        case_kind: 'certification',
        insurer_no: A,
        insured_no: NO,
        application_no: 'PENDING',
        application_type: 'level_change',
        stage: 'received',
        status: 'open',
        last_seq: 1,
        created_at: '2026-12-01T00:00:00Z',
        updated_at: '2026-12-01T00:00:00Z',
      });
      const out = await cancellations.recordCancellation(db, input());
      expect(out).toEqual({ kind: 'refused', reason: expect.stringMatching(/^区分変更の申請中/) });
      expect(await db('certification_cancellations')).toHaveLength(0);
      expect(await db('outbox')).toHaveLength(0);
      await db('cases').where({ workflow_id: 'cert-432130-PENDING' }).update({ status: 'closed' });
    });

    it('ends the current certification, voids the next, keeps what it was; once per request ID', async () => {
      const first = await cancellations.recordCancellation(db, input());
      expect(first.kind).toBe('recorded');
      const again = await cancellations.recordCancellation(db, input({ requestedOn: '2026-12-11' }));
      expect(again).toEqual({ kind: 'found', row: first.kind === 'recorded' ? first.row : null });
      const p = await db('insured_persons').where({ insured_no: NO }).first();
      expect([p.care_level, p.cert_valid_from, p.cert_valid_to, p.cert_cancelled_on]).toEqual([
        'care_1',
        '2026-02-01',
        '2026-12-09',
        '2026-12-10',
      ]);
      expect([p.next_care_level, p.next_cert_valid_from]).toEqual([null, null]);
      const rows = await cancellations.cancellationsOfPerson(db, A, NO);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ valid_to_before: '2027-01-31', valid_to_after: '2026-12-09' });
      expect(JSON.parse(rows[0].voided_next_json!)).toMatchObject({ level: 'care_2', validFrom: '2027-02-01' });
      const outbox = await db('outbox').select('id', 'insurer_no', 'payload_json');
      expect(outbox).toHaveLength(1);
      expect(outbox[0].insurer_no).toBe(A);
      expect(JSON.parse(outbox[0].payload_json)).toMatchObject({
        event: 'certification_cancellation',
        validTo: '2026-12-09',
      });
      expect((await cancellations.getCancellation(db, A, NO, rows[0].id))!.notice_html).toBe(
        '<p>取消 花子 2026-12-10</p>',
      );
    });

    it('another insurer: no row found, its own person not reachable by the other insurer, its request IDs its own', async () => {
      const [row] = await cancellations.cancellationsOfPerson(db, A, NO);
      expect(await cancellations.getCancellation(db, B, NO, row.id)).toBeUndefined();
      expect(await cancellations.cancellationsOfPerson(db, B, NO)).toEqual([]);
      expect(
        await cancellations.recordCancellation(
          db,
          input({ insurerNo: A, insuredNo: OTHER, requestId: 'ffffffffffffffff' }),
        ),
      ).toEqual({
        kind: 'not_found',
      });
      const theirs = await cancellations.recordCancellation(db, input({ insurerNo: B, insuredNo: OTHER }));
      expect(theirs.kind).toBe('recorded');
      expect(await db('insured_persons').where({ insured_no: NO }).first('cert_valid_to')).toEqual({
        cert_valid_to: '2026-12-09',
      });
    });

    it('a certification decided later is not marked cancelled', async () => {
      await applyCertification(db, {
        insuredNo: NO,
        careLevel: 'care_3',
        validFrom: '2027-01-05',
        validTo: '2027-07-31',
        certifiedOn: '2027-01-30',
        boardOpinion: null,
        serviceTypeRestriction: null,
        updatedAt: '2027-01-30T00:00:00Z',
      });
      expect(await db('insured_persons').where({ insured_no: NO }).first('care_level', 'cert_cancelled_on')).toEqual({
        care_level: 'care_3',
        cert_cancelled_on: null,
      });
    });
  });
}

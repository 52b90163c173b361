/**
 * 更新勧奨の対象 (renewalsDue, read by the daily batch): whose certification is near its expiry, with which deciding
 * case, and who is left out. SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';
import { certificationCaseEndingOn, renewalsDue, renewalWatchKeyEndingOn } from '../../db/renewals';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices } from './databases';

const TODAY = '2026-11-25';
const UNTIL = '2027-01-24'; // 60 days on

async function person(
  db: Knex,
  insuredNo: string,
  validTo: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await db('insured_persons').insert({
    insured_no: insuredNo,
    insurer_no: DEMO_INSURER_NO,
    name: `氏名 ${insuredNo}`,
    kana: 'カナ',
    birth_date: '1940-01-01',
    sex: '1',
    status: 'active',
    care_level: 'care_1',
    cert_valid_from: '2026-01-01',
    cert_valid_to: validTo,
    updated_at: `${TODAY}T00:00:00Z`,
    ...extra,
  });
}

async function certification(db: Knex, insuredNo: string, no: string, fields: Record<string, unknown>): Promise<void> {
  await db('cases').insert({
    workflow_id: `cert-${DEMO_INSURER_NO}-${no}`,
    case_kind: 'certification',
    insurer_no: DEMO_INSURER_NO,
    insured_no: insuredNo,
    application_no: no,
    stage: 'notified',
    status: 'closed',
    last_seq: 1,
    created_at: `${TODAY}T00:00:00Z`,
    updated_at: `${TODAY}T00:00:00Z`,
    ...fields,
  });
}

for (const [name, open] of databases('renewals')) {
  describe(`renewalsDue (${name})`, () => {
    let db: Knex;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await insertInsurerAndOffices(db);
      const decided = { applied_on: '2026-01-01', outcome: 'certified' };
      await person(db, '0000300001', '2026-12-31', { plan_office_no: '4370100011' });
      await certification(db, '0000300001', 'A-old', {
        ...decided,
        valid_to: '2026-12-31',
        updated_at: '2026-01-20T00:00:00Z',
      });
      await certification(db, '0000300001', 'A', {
        ...decided,
        valid_to: '2026-12-31',
        updated_at: '2026-01-21T00:00:00Z',
      });
      await person(db, '0000300002', '2027-01-10');
      await certification(db, '0000300002', 'B', { ...decided, valid_to: '2027-01-10' });
      await certification(db, '0000300002', 'B-renewal', {
        applied_on: '2026-11-20',
        status: 'open',
        stage: 'investigating',
      });
      await person(db, '0000300003', '2027-01-05');
      await certification(db, '0000300003', 'C', { ...decided, outcome: 'deemed_renewal', valid_to: '2027-01-05' });
      await certification(db, '0000300003', 'C-withdrawn', { applied_on: '2026-11-01', outcome: 'withdrawn' });
      await person(db, '0000300004', '2027-03-31');
      await certification(db, '0000300004', 'D', { ...decided, valid_to: '2027-03-31' });
      await person(db, '0000300005', '2026-12-20', { status: 'deceased' });
      await certification(db, '0000300005', 'E', { ...decided, valid_to: '2026-12-20' });
      await person(db, '0000300006', '2026-12-15'); // certified before kaigo-flow (imported): no deciding case
      await person(db, '0000300007', '2026-12-16', { status: 'moved_out' }); // imported, then 転出
    });
    afterAll(async () => cleanup());

    it('lists the certifications expiring in the period with no renewal filed, soonest first, with the deciding case', async () => {
      const due = await renewalsDue(db, DEMO_INSURER_NO, TODAY, UNTIL, 10);
      expect(due.map((r) => [r.insured_no, r.application_no, r.cert_valid_to])).toEqual([
        ['0000300006', 'IMP-0000300006-20261215', '2026-12-15'],
        ['0000300001', 'A', '2026-12-31'],
        ['0000300003', 'C', '2027-01-05'],
      ]);
      expect(due[1]).toMatchObject({ care_level: 'care_1', plan_office_no: '4370100011' });
    });

    it('a renewal filing finds the watch of an imported certification by its key, and of a decided one by its case', async () => {
      expect(await renewalWatchKeyEndingOn(db, '0000300006', '2026-12-15')).toEqual({
        application_no: 'IMP-0000300006-20261215',
        insurer_no: DEMO_INSURER_NO,
      });
      expect(await renewalWatchKeyEndingOn(db, '0000300001', '2026-12-31')).toMatchObject({ application_no: 'A' });
      expect(await renewalWatchKeyEndingOn(db, '0000300006', '2027-12-15')).toBeUndefined();
    });

    it('names the same deciding case as a renewal filing does, so the filing reaches the watch', async () => {
      const [, first] = await renewalsDue(db, DEMO_INSURER_NO, TODAY, UNTIL, 2);
      expect((await certificationCaseEndingOn(db, first.insured_no, first.cert_valid_to))?.application_no).toBe(
        first.application_no,
      );
    });

    it('stops at the limit and looks only at the insurer asked for', async () => {
      expect(await renewalsDue(db, DEMO_INSURER_NO, TODAY, UNTIL, 1)).toHaveLength(1);
      expect(await renewalsDue(db, '432000', TODAY, UNTIL, 10)).toEqual([]);
    });
  });
}

/**
 * 取込の反映 of the kinds added for issue 16 (db/register-imports.ts applyImportRecords): 認定 (a later one wins, the
 * same row twice changes nothing, history per column), 利用 by 利用番号 (correction and 取消), and 給付実績 (once per
 * month; the office's registration takes it as its last 給付実績 and its 失効日 moves). SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';
import { recordProgress } from '../../db/read-model';
import { applyImportRecords } from '../../db/register-imports';
import { DEMO_INSURER_NO, DEMO_OFFICES } from '../../db/seeds/demo';
import type { ImportRecord } from '../../domain/register/import-layout';
import { databases, insertInsurerAndOffices, insertOfficeUser } from './databases';

const TODAY = '2026-12-04';
const NO = '0000900011';
const by = {
  recordedBy: 'kyufu',
  recordedAt: `${TODAY}T01:00:00Z`,
  today: TODAY,
  reason: '基幹システムからの取込（t）',
};

describe.each(databases('register_import_apply'))('import apply on %s', (_name, open) => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  const office = DEMO_OFFICES[0].office_no;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertInsurerAndOffices(db);
    await db('insured_persons').insert({
      insured_no: NO,
      insurer_no: DEMO_INSURER_NO,
      name: '取込 花子',
      kana: 'トリコミ ハナコ',
      birth_date: '1940-01-01',
      sex: '2',
      updated_at: `${TODAY}T00:00:00Z`,
    });
    const userId = await insertOfficeUser(db, office);
    await db('office_registrations').insert({
      office_no: office,
      insured_no: NO,
      insurer_no: DEMO_INSURER_NO,
      status: 'active',
      method: 'insured_card',
      requested_by_user_id: userId,
      requested_at: '2026-03-01T00:00:00Z',
      effective_on: '2026-03-01',
      last_served_on: '2026-03-01',
      lapses_on: '2026-09-01',
    });
  });
  afterAll(() => cleanup());

  const apply = (records: ImportRecord[]) => applyImportRecords(db, DEMO_INSURER_NO, records, by);
  const cert = (level: 'care_1' | 'care_3', from: string, to: string): ImportRecord => ({
    kind: 'certification',
    insuredNo: NO,
    careLevel: level,
    certifiedOn: from,
    validFrom: from,
    validTo: to,
    boardOpinion: '',
    serviceTypeRestriction: '',
  });

  it('a certification decided in the core system becomes the current one; the same twice, or an older one, changes nothing', async () => {
    expect(await apply([cert('care_1', '2025-12-01', '2026-11-30')])).toBe(1);
    expect(await apply([cert('care_3', '2026-12-01', '2027-11-30')])).toBe(1);
    expect(await apply([cert('care_3', '2026-12-01', '2027-11-30')])).toBe(0);
    expect(await apply([cert('care_1', '2025-12-01', '2026-11-30')])).toBe(0);
    expect(await db('insured_persons').where({ insured_no: NO }).first('care_level', 'cert_valid_to')).toEqual({
      care_level: 'care_3',
      cert_valid_to: '2027-11-30',
    });
    const changes = await db('register_person_changes')
      .where({ insured_no: NO, field: 'care_level' })
      .orderBy('id')
      .select('before', 'after', 'source');
    expect(changes).toEqual([
      { before: null, after: 'care_1', source: 'import' },
      { before: 'care_1', after: 'care_3', source: 'import' },
    ]);
  });

  it('usage by 利用番号: a correction replaces the row, 取消 voids it, the same row twice changes nothing', async () => {
    const use = (amountYen: number, voided = false): ImportRecord => ({
      kind: 'usage',
      insuredNo: NO,
      entryNo: 'R-1',
      usageKind: 'home_modification',
      usedOn: '2026-06-01',
      amountYen,
      careLevel: 'care_1',
      dwelling: '宇城市松橋町1-1',
      description: '手すり',
      voided,
    });
    expect(await apply([use(100000)])).toBe(1);
    expect(await apply([use(100000)])).toBe(0);
    expect(await apply([use(120000)])).toBe(1);
    expect(await apply([use(120000, true)])).toBe(1);
    const rows = await db('register_usages').where({ entry_no: 'R-1' }).orderBy('id');
    expect(rows.map((r) => [r.amount_yen, Boolean(r.voided), r.superseded_by == null])).toEqual([
      [100000, false, false],
      [120000, false, false],
      [120000, true, true],
    ]);
  });

  it('給付実績: once per month, and the registration lapses months after the latest month served', async () => {
    const served = (month: string): ImportRecord => ({
      kind: 'service_record',
      insuredNo: NO,
      officeNo: office,
      serviceMonth: month,
    });
    expect(await apply([served('2026-10'), served('2026-08')])).toBe(2);
    expect(await apply([served('2026-10')])).toBe(0);
    expect(
      await db('office_registrations')
        .where({ insured_no: NO, office_no: office })
        .first('last_served_on', 'lapses_on'),
    ).toEqual({ last_served_on: '2026-10-01', lapses_on: '2027-04-01' });
    // access rows follow the registration (triggers)
    expect(await db('office_client_access').where({ insured_no: NO, office_no: office }).first('lapses_on')).toEqual({
      lapses_on: '2027-04-01',
    });
    expect(await db('register_service_records').where({ insured_no: NO }).select('service_month')).toHaveLength(2);
  });

  it("a 転出 recorded in a certification case ends the person's status and the office registration, once", async () => {
    const step = (seq: number) =>
      recordProgress(db, {
        workflowId: 'cert-test-moved',
        seq,
        occurredAt: `${TODAY}T02:00:00Z`,
        case: {
          case_kind: 'certification',
          insurer_no: DEMO_INSURER_NO,
          insured_no: NO,
          application_no: 'MV-1',
          stage: 'closed',
          status: 'closed',
          outcome: 'moved_out',
        },
        event: { type: 'moved_out', actor: 'nintei', payload: { movedOutOn: '2026-11-30', reason: '転出のため' } },
      });
    await step(1);
    await step(1); // a retried step writes nothing
    expect(await db('insured_persons').where({ insured_no: NO }).first('status', 'lost_on')).toEqual({
      status: 'moved_out',
      lost_on: '2026-11-30',
    });
    expect(
      await db('register_person_changes').where({ insured_no: NO, field: 'status' }).select('after', 'source'),
    ).toEqual([{ after: 'moved_out', source: 'case' }]);
    expect(await db('office_registrations').where({ insured_no: NO }).select('status', 'ended_on')).toEqual([
      { status: 'ended', ended_on: '2026-11-30' },
    ]);
    expect(await db('office_client_access').where({ insured_no: NO })).toHaveLength(0);
  });
});

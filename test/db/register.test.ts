/**
 * 被保険者台帳 (db/register.ts): certificates and usage keep every earlier value, the same value twice changes
 * nothing, a change within the year ends the earlier period, insured_persons follows, and another insurer sees
 * nothing. SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';
import * as register from '../../db/register';
import { getPerson } from '../../db/persons';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices } from './databases';

const TODAY = '2026-12-04';
const by = (reason: string | null = null) => ({
  reason,
  source: 'manual',
  recordedBy: 'kyufu',
  recordedAt: `${TODAY}T01:00:00Z`,
  today: TODAY,
});

describe.each(databases('register'))('register on %s', (_name, open) => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertInsurerAndOffices(db);
    await db('insured_persons').insert({
      insured_no: '0000900001',
      insurer_no: DEMO_INSURER_NO,
      name: '台帳 花子',
      kana: 'ダイチョウ ハナコ',
      birth_date: '1940-01-01',
      sex: '2',
      updated_at: `${TODAY}T00:00:00Z`,
    });
  });
  afterAll(() => cleanup());

  const copay = (value: string, validFrom: string, validTo = '2027-07-31', reason: string | null = null) =>
    register.recordCertificate(db, {
      insurerNo: DEMO_INSURER_NO,
      insuredNo: '0000900001',
      kind: 'copay',
      value,
      validFrom,
      validTo,
      ...by(reason),
    });

  it('records a 負担割合, ignores the same value again, keeps the old one on a correction', async () => {
    expect(await copay('1', '2026-08-01')).toBe(true);
    expect(await copay('1', '2026-08-01')).toBe(false);
    expect(await copay('2', '2026-08-01', '2027-07-31', '所得更正')).toBe(true);
    const rows = await register.certificatesOfPerson(db, DEMO_INSURER_NO, '0000900001');
    expect(rows.map((r) => [r.value, r.superseded_by == null, r.reason])).toEqual([
      ['2', true, '所得更正'],
      ['1', false, null],
    ]);
    expect(await getPerson(db, DEMO_INSURER_NO, '0000900001')).toMatchObject({
      copay_ratio: 2,
      copay_valid_from: '2026-08-01',
      copay_valid_to: '2027-07-31',
    });
  });

  it('a change within the year ends the earlier period the day before', async () => {
    expect(await copay('3', '2026-11-01', '2027-07-31', '世帯変更')).toBe(true);
    const live = (await register.certificatesOfPerson(db, DEMO_INSURER_NO, '0000900001')).filter(
      (r) => r.superseded_by == null,
    );
    expect(live.map((r) => [r.value, r.valid_from, r.valid_to])).toEqual([
      ['3', '2026-11-01', '2027-07-31'],
      ['2', '2026-08-01', '2026-10-31'],
    ]);
    expect((await getPerson(db, DEMO_INSURER_NO, '0000900001'))?.copay_ratio).toBe(3);
  });

  it('usage entries: correction keeps the old row, same values change nothing, another insurer sees none', async () => {
    const entry = {
      insurerNo: DEMO_INSURER_NO,
      insuredNo: '0000900001',
      kind: 'home_modification' as const,
      usedOn: '2026-06-01',
      amountYen: 120000,
      careLevel: 'care_1',
      dwelling: '宇城市松橋町1-1',
      description: '手すり',
      ...by(),
    };
    const first = await register.recordUsage(db, entry);
    expect(first.changed).toBe(true);
    expect(await register.recordUsage(db, { ...entry, entryNo: first.entryNo })).toEqual({
      entryNo: first.entryNo,
      changed: false,
    });
    await register.recordUsage(db, { ...entry, entryNo: first.entryNo, amountYen: 100000, reason: '金額訂正' });
    const rows = await register.usagesOfPerson(db, DEMO_INSURER_NO, '0000900001');
    expect(rows.map((r) => [r.amount_yen, r.superseded_by == null])).toEqual([
      [100000, true],
      [120000, false],
    ]);
    expect(await register.usagesOfPerson(db, '999999', '0000900001')).toEqual([]);
    expect(await register.certificatesOfPerson(db, '999999', '0000900001')).toEqual([]);
  });

  it('keeps what an office was last shown', async () => {
    expect(await register.officeLastSeen(db, '4370100011', '0000900001')).toBeNull();
    await register.markOfficeSeen(db, {
      officeNo: '4370100011',
      insuredNo: '0000900001',
      seenJson: '{"a":1}',
      seenAt: TODAY,
    });
    await register.markOfficeSeen(db, {
      officeNo: '4370100011',
      insuredNo: '0000900001',
      seenJson: '{"a":2}',
      seenAt: TODAY,
    });
    expect(await register.officeLastSeen(db, '4370100011', '0000900001')).toBe('{"a":2}');
  });

  it('resolves the register settings with the insurer versions', async () => {
    await db('rule_versions').insert({
      insurer_no: DEMO_INSURER_NO,
      rule_set: 'register',
      effective_from: '2027-04-01',
      rules_json: JSON.stringify({ welfareEquipmentCapYenPerYear: 150000 }),
      created_at: TODAY,
    });
    expect((await register.registerSettingsOn(db, DEMO_INSURER_NO, TODAY)).welfareEquipmentCapYenPerYear).toBe(100000);
    expect((await register.registerSettingsOn(db, DEMO_INSURER_NO, '2027-04-01')).welfareEquipmentCapYenPerYear).toBe(
      150000,
    );
  });
});

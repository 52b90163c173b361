/**
 * 証の年次切替 (db/register-roll.ts): a batch opens one task per person and missing kind for the 給付係, opens
 * nothing twice (not even a task already done), moves the current columns to the new period, pages by 被保険者番号,
 * and recording the certificate completes the task; a 資格喪失 cancels it. SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';
import * as register from '../../db/register';
import * as roll from '../../db/register-roll';
import { getPerson } from '../../db/persons';
import { listInbox } from '../../db/tasks';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { rollPeriodOf } from '../../domain/register/roll';
import { databases, insertInsurerAndOffices } from './databases';

const AS_OF = '2027-07-01';
const PERIOD = rollPeriodOf('copay', AS_OF); // 2027-08-01 – 2028-07-31
const AT = '2027-06-30T21:00:00Z';
const OTHER_INSURER = '439999';

const person = (no: string, over: Record<string, unknown> = {}) => ({
  insured_no: no,
  insurer_no: DEMO_INSURER_NO,
  name: `切替 ${no.slice(-2)}`,
  kana: 'キリカエ',
  birth_date: '1940-01-01',
  sex: '2',
  care_level: 'care_2',
  cert_valid_from: '2026-04-01',
  cert_valid_to: '2028-03-31',
  status: 'active',
  lost_on: null,
  updated_at: AT,
  ...over,
});

describe.each(databases('register_roll'))('register roll on %s', (_name, open) => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  const cert = (insuredNo: string, kind: 'copay' | 'burden_limit', value: string, validFrom: string, today = AS_OF) =>
    register.recordCertificate(db, {
      insurerNo: DEMO_INSURER_NO,
      insuredNo,
      kind,
      value,
      validFrom,
      validTo: `${Number(validFrom.slice(0, 4)) + 1}-07-31`,
      reason: null,
      source: 'manual',
      recordedBy: 'kyufu',
      recordedAt: AT,
      today,
    });
  const batch = (after: string | null, limit = 100, asOf = AS_OF) =>
    roll.rollRegisterBatch(db, { insurerNo: DEMO_INSURER_NO, asOf, period: PERIOD, after, limit, at: AT });

  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertInsurerAndOffices(db);
    await db('insurers').insert({ insurer_no: OTHER_INSURER, name: '他市', prefecture: '熊本県' });
    await db('insured_persons').insert([
      person('0000910001'), // copay last year only → copay task
      person('0000910002'), // copay and 負担限度額 last year → both tasks
      person('0000910003'), // already has the new copay → nothing
      person('0000910004', { status: 'deceased', lost_on: '2027-05-01' }), // status ended → nothing
      person('0000910005', { cert_valid_to: '2027-07-31' }), // certification ends before → nothing
      { ...person('0000910006'), insurer_no: OTHER_INSURER }, // another insurer → not in this run
    ]);
    await db('users').insert({
      login_id: 'kyufu',
      password_hash: 'x',
      display_name: '給付 太郎',
      role: 'benefits',
      insurer_no: DEMO_INSURER_NO,
      active: true,
    });
    for (const no of ['0000910001', '0000910002', '0000910003', '0000910004', '0000910005'])
      await cert(no, 'copay', '1', '2026-08-01');
    await cert('0000910002', 'burden_limit', 'stage_2', '2026-08-01');
    await cert('0000910003', 'copay', '2', '2027-08-01');
  });
  afterAll(() => cleanup());

  const openTasks = async () =>
    (await db('tasks').where('task_type', 'register_roll').orderBy('id')).map((t) => [t.id, t.status]);

  it('opens a task per missing kind, for the 給付係, in one case per person and period', async () => {
    const r = await batch(null);
    expect(r).toMatchObject({ next: null, persons: 4, opened: 3, alreadyOpened: 0 });
    expect(await openTasks()).toEqual([
      ['certificate-roll-432130-2027-08-01-0000910001:copay', 'open'],
      ['certificate-roll-432130-2027-08-01-0000910002:burden_limit', 'open'],
      ['certificate-roll-432130-2027-08-01-0000910002:copay', 'open'],
    ]);
    const c = await db('cases').where('workflow_id', 'certificate-roll-432130-2027-08-01-0000910002').first();
    expect(c).toMatchObject({
      case_kind: 'register_roll',
      insurer_no: DEMO_INSURER_NO,
      stage: 'certificate_missing',
      status: 'open',
      due_on: '2027-08-01',
      valid_from: '2027-08-01',
      valid_to: '2028-07-31',
    });
    const inbox = await listInbox(db, { insurerNo: DEMO_INSURER_NO, candidateRole: 'benefits', userId: 0, tab: 'all' });
    expect(inbox.rows.map((t) => [t.insured_no, t.title])).toContainEqual([
      '0000910001',
      '負担割合証の更新（令和9年8月1日〜令和10年7月31日）が未登録',
    ]);
    // another insurer's staff see none of them
    const other = await listInbox(db, { insurerNo: OTHER_INSURER, candidateRole: 'benefits', userId: 0, tab: 'all' });
    expect(other.rows).toEqual([]);
  });

  it('running again opens nothing twice', async () => {
    const r = await batch(null);
    expect(r).toMatchObject({ opened: 0, alreadyOpened: 3 });
    expect(await openTasks()).toHaveLength(3);
  });

  it('pages by 被保険者番号: small batches open the same tasks once', async () => {
    const seen: (string | null)[] = [];
    let after: string | null = null;
    do {
      const r = await batch(after, 2);
      seen.push(r.next);
      after = r.next;
    } while (after);
    expect(seen).toEqual(['0000910002', '0000910005', null]);
    expect(await openTasks()).toHaveLength(3);
  });

  it('recording the new certificate completes the task as done by the recorder; the case closes when none is left', async () => {
    await cert('0000910002', 'copay', '2', '2027-08-01');
    const caseId = 'certificate-roll-432130-2027-08-01-0000910002';
    const tasks = await db('tasks').where('workflow_id', caseId).orderBy('id');
    expect(tasks.map((t) => [t.task_key, t.status, t.completed_by])).toEqual([
      ['burden_limit', 'open', null],
      ['copay', 'completed', 'kyufu'],
    ]);
    expect((await db('cases').where('workflow_id', caseId).first()).status).toBe('open');
    await cert('0000910002', 'burden_limit', 'stage_2', '2027-08-01');
    expect(await db('cases').where('workflow_id', caseId).first()).toMatchObject({
      status: 'closed',
      stage: 'certificate_recorded',
    });
    // a done task is not opened again by a later run
    expect(await batch(null)).toMatchObject({ opened: 0, alreadyOpened: 1 });
    expect((await db('tasks').where('workflow_id', caseId)).every((t) => t.status === 'completed')).toBe(true);
  });

  it('on 8/1 the current columns move to the new period', async () => {
    expect(await getPerson(db, DEMO_INSURER_NO, '0000910003')).toMatchObject({
      copay_ratio: 1,
      copay_valid_from: '2026-08-01',
    });
    const r = await batch(null, 100, '2027-08-01');
    expect(r.rolled).toBeGreaterThanOrEqual(1);
    expect(await getPerson(db, DEMO_INSURER_NO, '0000910003')).toMatchObject({
      copay_ratio: 2,
      copay_valid_from: '2027-08-01',
      copay_valid_to: '2028-07-31',
    });
    expect((await batch(null, 100, '2027-08-01')).rolled).toBe(0);
  });

  it('a 資格喪失 cancels the open roll task and closes its case', async () => {
    await register.recordPersonLoss(db, {
      insurerNo: DEMO_INSURER_NO,
      insuredNo: '0000910001',
      reason: 'moved_out',
      lostOn: '2027-07-10',
      note: null,
      source: 'manual',
      recordedBy: 'kyufu',
      recordedAt: AT,
    });
    const caseId = 'certificate-roll-432130-2027-08-01-0000910001';
    expect((await db('tasks').where('workflow_id', caseId).first()).status).toBe('cancelled');
    expect((await db('cases').where('workflow_id', caseId).first()).status).toBe('closed');
    expect(await batch(null)).toMatchObject({ opened: 0 });
  });
});

/**
 * The read-model writer's group commit (ProgressWriter): steps of many workflows arriving together share one
 * transaction, each caller learns of its own commit, a bad step fails alone, and a workflow's steps keep their order.
 * SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';
import { type ProgressRecord, ProgressWriter } from '../../db/read-model';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices } from './databases';

const AT = '2026-11-25T01:00:00.000Z';

function received(workflowId: string, taskTitle = '認定調査員の割当'): ProgressRecord {
  return {
    workflowId,
    seq: 1,
    occurredAt: AT,
    case: {
      case_kind: 'certification',
      insurer_no: DEMO_INSURER_NO,
      insured_no: '0000700001',
      application_type: 'new',
      applied_on: '2026-11-25',
      stage: 'received',
      status: 'open',
    },
    event: { type: 'received', actor: 'nintei' },
    openTasks: [
      { key: 'survey-assign', type: 'survey', title: taskTitle, candidateRole: 'intake', dueOn: '2026-12-02' },
    ],
  };
}

function assigned(workflowId: string): ProgressRecord {
  return {
    workflowId,
    seq: 2,
    occurredAt: AT,
    case: { stage: 'investigating' },
    event: { type: 'survey_assigned', actor: 'nintei' },
    closeTasks: [{ key: 'survey-assign', status: 'completed', by: 'nintei' }],
    openTasks: [
      { key: 'survey-visit', type: 'survey', title: '認定調査', candidateRole: 'surveyor', dueOn: '2026-12-02' },
    ],
  };
}

/** Counts the transactions begun on `db` while `fn` runs. */
async function transactionsDuring(db: Knex, fn: () => Promise<unknown>): Promise<number> {
  let begun = 0;
  const count = (q: { sql: string }) => {
    if (/^begin|^start transaction/i.test(q.sql.trim())) begun += 1;
  };
  db.on('query', count);
  try {
    await fn();
  } finally {
    db.off('query', count);
  }
  return begun;
}

describe.each(databases('writer'))('%s: read-model group commit', (_name, open) => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertInsurerAndOffices(db);
    await db('insured_persons').insert({
      insured_no: '0000700001',
      insurer_no: DEMO_INSURER_NO,
      name: '氏名',
      kana: 'シメイ',
      birth_date: '1940-01-01',
      sex: '1',
      updated_at: AT,
    });
  });
  afterAll(async () => cleanup());

  it('writes steps that arrive together in one transaction, and each caller returns once its step is committed', async () => {
    const writer = new ProgressWriter(db);
    const ids = Array.from({ length: 12 }, (_, i) => `cert-gc-${i}`);
    const begun = await transactionsDuring(db, () =>
      Promise.all(
        ids.map(async (id) => {
          await writer.write(received(id));
          // Committed by the time the caller hears of it.
          expect(await db('cases').where({ workflow_id: id }).first('last_seq')).toEqual({ last_seq: 1 });
        }),
      ),
    );
    // The first goes at once; the eleven that arrive while it commits go together.
    expect(begun).toBe(2);
    expect(Number((await db('case_events').whereIn('workflow_id', ids).count({ n: '*' }).first())!.n)).toBe(12);
    expect(
      Number((await db('tasks').whereIn('workflow_id', ids).where({ status: 'open' }).count({ n: '*' }).first())!.n),
    ).toBe(12);
  });

  it('keeps a workflow’s steps in their order, one per transaction, and writes a repeated step once', async () => {
    const writer = new ProgressWriter(db);
    const id = 'cert-gc-order';
    await Promise.all([writer.write(received(id)), writer.write(assigned(id)), writer.write(assigned(id))]);
    const row = await db('cases').where({ workflow_id: id }).first('last_seq', 'stage');
    expect(row).toEqual({ last_seq: 2, stage: 'investigating' });
    expect(
      (await db('case_events').where({ workflow_id: id }).orderBy('seq').select('event_type')).map((e) => e.event_type),
    ).toEqual(['received', 'survey_assigned']);
    const tasks = await db('tasks').where({ workflow_id: id }).orderBy('id').select('id', 'status', 'completed_by');
    expect(tasks).toEqual([
      { id: `${id}:survey-assign`, status: 'completed', completed_by: 'nintei' },
      { id: `${id}:survey-visit`, status: 'open', completed_by: null },
    ]);
  });

  it('a step that cannot be written fails alone; the steps that came with it are committed', async () => {
    const writer = new ProgressWriter(db);
    const results = await Promise.allSettled([
      writer.write(received('cert-gc-first')), // keeps the writer busy, so the next three go together
      writer.write(received('cert-gc-good-1')),
      writer.write(received('cert-gc-bad', null as unknown as string)), // a task without a title: NOT NULL refuses it
      writer.write(received('cert-gc-good-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const written = (await db('cases')
      .whereIn('workflow_id', ['cert-gc-good-1', 'cert-gc-bad', 'cert-gc-good-2'])
      .orderBy('workflow_id')
      .pluck('workflow_id')) as string[];
    expect(written).toEqual(['cert-gc-good-1', 'cert-gc-good-2']);
    expect(await db('case_events').where({ workflow_id: 'cert-gc-bad' }).first()).toBeUndefined();
  });
});

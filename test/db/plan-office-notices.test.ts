/**
 * お知らせ to the person's plan office (db/plan-office-notices through the read-model writer): on the result and on
 * each 延期通知, once per office (not twice when the plan office filed the 代行申請), on the assignment that covers the
 * step's day, never for other events or other workflows, and once when a step is written again. SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';
import { type ProgressRecord, recordProgress } from '../../db/read-model';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { databases, insertInsurerAndOffices } from './databases';

const UKINOSATO = '4370100011';
const HOUKATSU = '4370100029';
const SHIRANUI = '4370100037';
const AT = '2026-11-25T01:00:00.000Z'; // 2026-11-25 in Japan

function opened(workflowId: string, insuredNo: string, filedBy: string | null): ProgressRecord {
  return {
    workflowId,
    seq: 1,
    occurredAt: AT,
    case: {
      case_kind: 'certification',
      insurer_no: DEMO_INSURER_NO,
      insured_no: insuredNo,
      application_type: 'new',
      applied_on: '2026-11-01',
      filed_by_office_no: filedBy,
      stage: 'received',
      status: 'open',
    },
    event: { type: 'received', actor: 'nintei' },
  };
}

/** The workflow's own result step: it addresses a お知らせ to the filing office only. */
function notified(workflowId: string, filedBy: string | null, seq = 2): ProgressRecord {
  return {
    workflowId,
    seq,
    occurredAt: AT,
    case: { stage: 'notified', status: 'closed' },
    event: { type: 'notified', actor: 'system', payload: { outcome: 'certified' } },
    closeAllOpenTasks: 'cancelled',
    openTasks: filedBy
      ? [
          {
            key: 'office-result',
            taskKey: 'office-result',
            type: 'office_notice',
            title: '認定結果が出ました',
            candidateRole: 'office_staff',
            officeNo: filedBy,
          },
        ]
      : [],
  };
}

describe.each(databases('plannotice'))('%s: お知らせ to the plan office', (_name, open) => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  const notices = async (workflowId: string) =>
    (await db('tasks').where({ workflow_id: workflowId, task_type: 'office_notice' }).orderBy('id')).map((t) => ({
      id: t.id,
      task_key: t.task_key,
      office_no: t.office_no,
      title: t.title,
      status: t.status,
    }));

  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertInsurerAndOffices(db);
    const person = (n: string) => ({
      insured_no: n,
      insurer_no: DEMO_INSURER_NO,
      name: '氏名',
      kana: 'シメイ',
      birth_date: '1940-01-01',
      sex: '1',
      updated_at: AT,
    });
    await db('insured_persons').insert(['0000800001', '0000800002', '0000800003'].map(person));
    await db('office_assignments').insert([
      // 0000800001: うきの里 until the 24th, 包括 from the 25th (the step's day)
      { insured_no: '0000800001', office_no: UKINOSATO, start_date: '2026-04-01', end_date: '2026-11-24' },
      { insured_no: '0000800001', office_no: HOUKATSU, start_date: '2026-11-25', end_date: null },
      { insured_no: '0000800002', office_no: SHIRANUI, start_date: '2026-04-01', end_date: null },
      // 0000800003: an assignment that begins after the step's day only
      { insured_no: '0000800003', office_no: SHIRANUI, start_date: '2026-12-01', end_date: null },
    ]);
  });
  afterAll(async () => cleanup());

  it('the result reaches the plan office covering the day as well as the filing office', async () => {
    await recordProgress(db, opened('cert-pn-1', '0000800001', SHIRANUI));
    expect(await notices('cert-pn-1')).toEqual([]);
    await recordProgress(db, notified('cert-pn-1', SHIRANUI));
    await recordProgress(db, notified('cert-pn-1', SHIRANUI)); // a retried step adds nothing
    expect(await notices('cert-pn-1')).toEqual([
      {
        id: 'cert-pn-1:office-result',
        task_key: 'office-result',
        office_no: SHIRANUI,
        title: '認定結果が出ました',
        status: 'open',
      },
      {
        id: 'cert-pn-1:office-result-plan-office',
        task_key: 'office-result',
        office_no: HOUKATSU,
        title: '認定結果が出ました',
        status: 'open',
      },
    ]);
  });

  it('one お知らせ when the plan office filed the 代行申請; the plan office alone when the person filed', async () => {
    await recordProgress(db, opened('cert-pn-2', '0000800002', SHIRANUI));
    await recordProgress(db, notified('cert-pn-2', SHIRANUI));
    expect((await notices('cert-pn-2')).map((t) => t.office_no)).toEqual([SHIRANUI]);

    await recordProgress(db, opened('cert-pn-3', '0000800002', null));
    await recordProgress(db, notified('cert-pn-3', null));
    expect(await notices('cert-pn-3')).toMatchObject([
      { id: 'cert-pn-3:office-result-plan-office', office_no: SHIRANUI },
    ]);
  });

  it('each 延期通知 reaches the plan office, numbered like the filing office’s', async () => {
    await recordProgress(db, opened('cert-pn-4', '0000800002', null));
    for (const n of [1, 2]) {
      await recordProgress(db, {
        workflowId: 'cert-pn-4',
        seq: n + 1,
        occurredAt: AT,
        event: { type: 'postponement_notified', actor: 'nintei', payload: { n, expectedDecisionOn: '2026-12-20' } },
        closeTasks: [{ key: `postponement-${n}`, status: 'completed', by: 'nintei' }],
      });
    }
    expect(await notices('cert-pn-4')).toMatchObject([
      { id: 'cert-pn-4:office-postponement-1-plan-office', task_key: 'office-postponement', office_no: SHIRANUI },
      { id: 'cert-pn-4:office-postponement-2-plan-office', task_key: 'office-postponement', office_no: SHIRANUI },
    ]);
    expect((await notices('cert-pn-4'))[0].title).toBe('延期通知が発行されました');
  });

  it('nothing for a person without a plan office that day, for other events, or for other workflows', async () => {
    await recordProgress(db, opened('cert-pn-5', '0000800003', null));
    await recordProgress(db, notified('cert-pn-5', null));
    expect(await notices('cert-pn-5')).toEqual([]);

    await recordProgress(db, opened('cert-pn-6', '0000800002', null));
    await recordProgress(db, {
      workflowId: 'cert-pn-6',
      seq: 2,
      occurredAt: AT,
      event: { type: 'survey_completed', actor: 'chosa' },
    });
    expect(await notices('cert-pn-6')).toEqual([]);

    await recordProgress(db, {
      ...opened('plan-pn-7', '0000800002', null),
      case: { ...opened('plan-pn-7', '0000800002', null).case, case_kind: 'plan_notification' },
    });
    await recordProgress(db, { workflowId: 'plan-pn-7', seq: 2, occurredAt: AT, event: { type: 'rejected' } });
    expect(await notices('plan-pn-7')).toEqual([]);
  });
});

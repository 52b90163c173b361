/**
 * Saving 認定の設定 tells the insurer's open cases (issue 20): the version is stored, and every open certification
 * case of that insurer, and no other, gets certificationSettingsChanged, batch by batch.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { createRepositories } from '../../db';
import { certificationRulesOn } from '../../db/rules';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { CertificationSettingsService } from '../../web/services/settings';
import { databases, insertInsurerAndOffices } from './databases';

/** A Temporal client that records signals; IDs in `gone` answer as a workflow that no longer exists. */
function recordingClient(gone: Set<string> = new Set()) {
  const signals: { workflowId: string; signal: string }[] = [];
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        signal: async (def: { name: string }) => {
          if (gone.has(workflowId)) throw new WorkflowNotFoundError('not found', workflowId, undefined);
          signals.push({ workflowId, signal: def.name });
        },
      }),
    },
  } as unknown as Client;
  return { client, signals };
}

async function addCase(db: Knex, id: string, insurerNo: string, status: 'open' | 'closed', kind = 'certification') {
  const now = new Date().toISOString();
  await db('cases').insert({
    workflow_id: id,
    case_kind: kind,
    insurer_no: insurerNo,
    insured_no: '0000000001',
    stage: status === 'open' ? 'investigating' : 'notified',
    status,
    created_at: now,
    updated_at: now,
  });
}

describe.each(databases('settings_signal'))('%s', (_name, open) => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await insertInsurerAndOffices(db);
    await db('insurers').insert({ insurer_no: '432148', name: '宇土市', prefecture: '熊本県' });
    for (let i = 0; i < 7; i++) await addCase(db, `cert-${DEMO_INSURER_NO}-A${i}`, DEMO_INSURER_NO, 'open');
    await addCase(db, `cert-${DEMO_INSURER_NO}-closed`, DEMO_INSURER_NO, 'closed');
    await addCase(db, `plan-${DEMO_INSURER_NO}-P1`, DEMO_INSURER_NO, 'open', 'plan_notification');
    await addCase(db, 'cert-432148-B1', '432148', 'open');
  });
  afterAll(() => cleanup());

  it('stores the version and signals every open certification case of the insurer, in batches, and no other', async () => {
    const { client, signals } = recordingClient();
    const service = new CertificationSettingsService({ repos: createRepositories(db), client, batchSize: 3 });
    const res = await service.save({
      insurerNo: DEMO_INSURER_NO,
      effectiveFrom: '2026-04-01',
      rules: { opinionReminderIntervalDays: 10 },
      savedBy: 'kakaricho',
    });
    expect(res).toEqual({ signalled: 7, gone: 0 });
    expect(signals.map((s) => s.workflowId).sort()).toEqual(
      Array.from({ length: 7 }, (_, i) => `cert-${DEMO_INSURER_NO}-A${i}`),
    );
    expect(new Set(signals.map((s) => s.signal))).toEqual(new Set(['certificationSettingsChanged']));
    expect((await certificationRulesOn(db, DEMO_INSURER_NO, '2026-05-01')).opinionReminderIntervalDays).toBe(10);
    expect((await certificationRulesOn(db, '432148', '2026-05-01')).opinionReminderIntervalDays).not.toBe(10);
  });

  it('replaces the version of the same date, and counts a case that has already ended as gone', async () => {
    const gone = new Set([`cert-${DEMO_INSURER_NO}-A3`]);
    const { client, signals } = recordingClient(gone);
    const service = new CertificationSettingsService({ repos: createRepositories(db), client, batchSize: 3 });
    const res = await service.save({
      insurerNo: DEMO_INSURER_NO,
      effectiveFrom: '2026-04-01',
      rules: { opinionReminderIntervalDays: 21 },
      savedBy: 'kakaricho',
    });
    expect(res).toEqual({ signalled: 6, gone: 1 });
    expect(signals).toHaveLength(6);
    expect((await certificationRulesOn(db, DEMO_INSURER_NO, '2026-05-01')).opinionReminderIntervalDays).toBe(21);
    const [{ n }] = await db('rule_versions')
      .where({ insurer_no: DEMO_INSURER_NO, rule_set: 'certification' })
      .count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('throws when a signal fails for another reason, after trying the batch', async () => {
    const signals: string[] = [];
    const client = {
      workflow: {
        getHandle: (id: string) => ({
          signal: async () => {
            if (id.endsWith('A1')) throw new Error('unavailable');
            signals.push(id);
          },
        }),
      },
    } as unknown as Client;
    const service = new CertificationSettingsService({ repos: createRepositories(db), client, batchSize: 100 });
    await expect(service.signalOpenCases(DEMO_INSURER_NO)).rejects.toThrow('unavailable');
    expect(signals).toHaveLength(6);
  });
});

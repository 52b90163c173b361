import type { Knex } from 'knex';
import { migrateLatest, openDatabase } from '../../db/connection';
import { recordProgress } from '../../db/read-model';
import { DEMO_INSURER_NO, seedDemoData } from '../../db/seeds/demo';
import { createTempDb } from '../support/temp-db';

const pgUrl = process.env.TEST_DATABASE_URL;

/** The same checks on every database kaigo-flow supports. */
function databaseSuite(name: string, open: () => Promise<{ db: Knex; cleanup: () => Promise<void> }>) {
  describe(name, () => {
    let db: Knex;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await open());
    });
    afterAll(async () => cleanup());

    it('migrates to the latest version, and a second run changes nothing', async () => {
      await migrateLatest(db);
      const [, pending] = (await db.migrate.list()) as [unknown, unknown[]];
      expect(pending).toHaveLength(0);
      expect(await db.schema.hasTable('cases')).toBe(true);
      expect(await db.schema.hasColumn('insured_persons', 'cert_valid_to')).toBe(true);
    });

    it('loads the demo data once', async () => {
      expect(await seedDemoData(db, { today: '2026-11-25', passwordRounds: 4 })).toBe(true);
      expect(await seedDemoData(db, { today: '2026-11-25', passwordRounds: 4 })).toBe(false);
      const insurer = await db('insurers').where({ insurer_no: DEMO_INSURER_NO }).first();
      expect(insurer.name).toBe('宇城市');
      const roles = (await db('users').distinct('role')).map((r: { role: string }) => r.role).sort();
      expect(roles).toEqual([
        'benefits',
        'board_secretariat',
        'doctor',
        'intake',
        'office_staff',
        'supervisor',
        'surveyor',
      ]);
    });

    it('records a workflow step idempotently: the same seq twice leaves one event and one task', async () => {
      const step = {
        workflowId: `cert-${name}-1`,
        seq: 1,
        occurredAt: '2026-11-25T01:00:00.000Z',
        case: {
          case_kind: 'certification',
          insurer_no: DEMO_INSURER_NO,
          insured_no: '0000100003',
          stage: 'received',
          status: 'open' as const,
          summary: { a: 1 },
        },
        event: { type: 'application_received', actor: 'nintei' },
        openTasks: [{ key: 'survey', type: 'survey_assign', title: '認定調査の割当て', candidateRole: 'intake' }],
      };
      await recordProgress(db, step);
      await recordProgress(db, step);
      expect(await db('case_events').where({ workflow_id: step.workflowId })).toHaveLength(1);
      expect(await db('tasks').where({ workflow_id: step.workflowId })).toHaveLength(1);

      // An older step arriving late (retry after a newer one) must not move the case backwards.
      await recordProgress(db, {
        ...step,
        seq: 2,
        case: { stage: 'investigating', summary: { b: 2 } },
        event: { type: 'survey_assigned' },
      });
      await recordProgress(db, { ...step, seq: 1, case: { stage: 'received' } });
      const row = await db('cases').where({ workflow_id: step.workflowId }).first();
      expect(row.stage).toBe('investigating');
      expect(JSON.parse(row.summary_json)).toEqual({ a: 1, b: 2 });
      expect(row.last_seq).toBe(2);
    });
  });
}

databaseSuite('sqlite', () => createTempDb());

if (pgUrl) {
  databaseSuite('postgres', async () => {
    const db = openDatabase(pgUrl);
    await db.raw('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await migrateLatest(db);
    return { db, cleanup: () => db.destroy() };
  });
} else {
  it.skip('postgres: no PostgreSQL binaries and no TEST_DATABASE_URL on this machine', () => undefined);
}

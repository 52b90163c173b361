import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrateLatest, openDatabase } from '../../db/connection';
import { seedDemoData } from '../../db/seeds/demo';

/** A fresh migrated SQLite file per test file, optionally with the demo data. */
export async function createTempDb(
  opts: { seed?: boolean; today?: string } = {},
): Promise<{ db: Knex; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-test-'));
  const db = openDatabase(`sqlite://${path.join(dir, 'test.sqlite3')}`);
  await migrateLatest(db);
  if (opts.seed) await seedDemoData(db, { today: opts.today ?? '2026-11-25', passwordRounds: 4 });
  return {
    db,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

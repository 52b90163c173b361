import { loadConfig } from '../config';
import { migrateLatest, openDatabase } from '../db/connection';
import { seedDemoData } from '../db/seeds/demo';
import { jstDateOf } from '../domain/dates';

/** `npm run migrate`: applies pending migrations (and the demo data with --seed). */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateLatest(db);
    const [, files] = (await db.migrate.list()) as [unknown, unknown[]];
    console.log(`migrations up to date (${config.databaseClient}); pending: ${files.length}`);
    if (process.argv.includes('--seed')) {
      console.log(
        (await seedDemoData(db, { today: jstDateOf(Date.now()) })) ? 'demo data loaded' : 'demo data already present',
      );
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

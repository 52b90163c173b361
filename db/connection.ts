import fs from 'node:fs';
import path from 'node:path';
import knex, { Knex } from 'knex';
import type { Database } from 'sqlite3';
import { cacheStatements } from './statement-cache';

/** Opens the database named by DATABASE_URL: a SQLite file (WAL, one writer) or PostgreSQL. */
export function openDatabase(databaseUrl: string): Knex {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    return knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 10 }, migrations: migrationConfig() });
  }
  const filename = databaseUrl.replace(/^sqlite:\/\//, '');
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
  return knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // SQLite allows one writer at a time; a single connection avoids SQLITE_BUSY between our own writes.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: Database, done: (err: Error | null, c: unknown) => void) => {
        conn.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;', (err) => {
          if (!err) cacheStatements(conn);
          done(err, conn);
        });
      },
    },
    migrations: migrationConfig(),
  });
}

function migrationConfig(): Knex.MigratorConfig {
  return {
    directory: path.join(__dirname, 'migrations'),
    // Compiled to .js under dist/, run as .ts under ts-jest.
    loadExtensions: [path.extname(__filename)],
    tableName: 'knex_migrations',
  };
}

/** Brings the schema up to date. Safe to call at every start. */
export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest();
}

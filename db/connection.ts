import fs from 'node:fs';
import path from 'node:path';
import knex, { Knex } from 'knex';

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
      afterCreate: (conn: { run: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, c: unknown) => void) => {
        conn.run('PRAGMA journal_mode = WAL', (e1) => {
          if (e1) return done(e1, conn);
          conn.run('PRAGMA foreign_keys = ON', (e2) => {
            if (e2) return done(e2, conn);
            conn.run('PRAGMA busy_timeout = 5000', (e3) => done(e3, conn));
          });
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

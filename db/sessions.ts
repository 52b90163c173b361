/** The web sessions table (connect-session-knex), so the web layer needs no connection of its own. */
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Knex } from 'knex';

/**
 * A session store on the `sessions` table; expired sessions are deleted every `cleanupIntervalMs`.
 *
 * The store's own cleanup timer outlives the connection it was given: once the pool is destroyed it keeps firing (and
 * logging "Unable to acquire a connection") and keeps everything it closes over alive for the interval. So the loop is
 * ours and stops when the pool is destroyed.
 */
export function sessionStore(
  db: Knex,
  cleanupIntervalMs: number,
  onError: (err: unknown) => void = (err) => console.error('session cleanup failed', err),
): ConnectSessionKnexStore {
  const store = new ConnectSessionKnexStore({ knex: db, tableName: 'sessions', createTable: true, cleanupInterval: 0 });
  if (cleanupIntervalMs <= 0) return store;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const cleanup = (): void => {
    void deleteExpired(db)
      .catch((err: unknown) => {
        if (!stopped) onError(err);
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(cleanup, cleanupIntervalMs).unref();
      });
  };
  const pool = (db.client as { pool?: { on(event: string, f: () => void): void } }).pool;
  pool?.on('poolDestroyRequest', () => {
    stopped = true;
    clearTimeout(timer);
  });
  cleanup();
  return store;
}

/** Deletes the sessions past their expiry, compared as the store writes them (ISO text on SQLite, a timestamp elsewhere). */
function deleteExpired(db: Knex, now = new Date()): Promise<number> {
  const sqlite = String(db.client.config.client).startsWith('sqlite');
  return db('sessions')
    .whereRaw(sqlite ? 'datetime(expired) < datetime(?)' : 'expired < ?', [sqlite ? now.toISOString() : now])
    .del();
}

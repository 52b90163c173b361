/** The web sessions table (connect-session-knex), so the web layer needs no connection of its own. */
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Knex } from 'knex';

/** A session store on the `sessions` table; expired sessions are deleted every `cleanupIntervalMs`. */
export function sessionStore(db: Knex, cleanupIntervalMs: number): ConnectSessionKnexStore {
  return new ConnectSessionKnexStore({
    knex: db,
    tableName: 'sessions',
    createTable: true,
    cleanupInterval: cleanupIntervalMs,
  });
}

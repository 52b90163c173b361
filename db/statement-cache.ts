import type { Database, RunResult, Statement } from 'sqlite3';

/** Prepared statements each SQLite connection keeps; the lists and the read-model writer use a few dozen. */
export const STATEMENT_CACHE_SIZE = 200;

type Callback = (this: RunResult, err: Error | null, rows?: unknown) => void;

/**
 * The statements worth keeping: the ones knex sends again and again. Schema changes, PRAGMAs and EXPLAIN run once; a
 * kept EXPLAIN statement would even stop a later DROP INDEX on its table (SQLITE_LOCKED).
 */
const REPEATED = /^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/i;

/**
 * Makes a node-sqlite3 connection keep its prepared statements. For every query knex sends, `Database#run` and
 * `Database#all` prepare a statement, run it and finalize it: three trips through libuv's thread pool where one is
 * needed. knex builds the same SQL text again and again (values are bound, not inlined), so once a text has run it is
 * prepared for keeps and later queries only bind, run and reset it. At most `max` are kept, the least recently used
 * finalized first.
 *
 * knex sees what it saw without the cache: it reads `lastID` and `changes` from the callback's `this`, the statement
 * either way; a text runs uncached until it has succeeded once, so a bad one reports its error as before and is never
 * kept; a kept statement whose query fails is dropped. SQLite prepares a kept statement again after a schema change,
 * and node-sqlite3 queues the calls on one statement, so two queries with the same text never interleave.
 */
export function cacheStatements(conn: Database, max = STATEMENT_CACHE_SIZE): { readonly size: number } {
  const kept = new Map<string, Statement>();
  const preparing = new Set<string>();
  let closing: (() => void) | null = null;
  const drop = (sql: string, statement: Statement) => {
    if (kept.get(sql) === statement) kept.delete(sql);
    statement.finalize();
  };
  const keep = (sql: string) => {
    if (kept.has(sql) || preparing.has(sql)) return;
    preparing.add(sql);
    const statement = conn.prepare(sql, (err) => {
      preparing.delete(sql);
      if (err || closing) {
        statement.finalize();
        if (closing && preparing.size === 0) closing();
        return;
      }
      kept.set(sql, statement);
      if (kept.size > max) {
        const [oldestSql, oldest] = kept.entries().next().value as [string, Statement];
        drop(oldestSql, oldest);
      }
    });
  };
  const original = { run: conn.run.bind(conn), all: conn.all.bind(conn) };
  const viaCache =
    (method: 'run' | 'all') =>
    (sql: string, params: unknown, callback?: Callback): Database => {
      if (typeof params === 'function') return viaCache(method)(sql, [], params as Callback);
      const statement = kept.get(sql);
      if (!statement) {
        return original[method](sql, params ?? [], function (this: RunResult, err: Error | null, rows?: unknown) {
          if (!err && REPEATED.test(sql)) keep(sql);
          callback?.call(this, err, rows);
        });
      }
      kept.delete(sql); // re-inserted: Map order is the recency order
      kept.set(sql, statement);
      statement[method](params ?? [], function (this: RunResult, err: Error | null, rows?: unknown) {
        if (err) drop(sql, statement);
        callback?.call(this, err, rows);
      });
      return conn;
    };
  const close = conn.close.bind(conn);
  Object.assign(conn, {
    run: viaCache('run'),
    all: viaCache('all'),
    // SQLite refuses to close a connection with statements left unfinalized (those being prepared included).
    close(callback?: (err: Error | null) => void) {
      closing = () => {
        for (const statement of kept.values()) statement.finalize();
        kept.clear();
        close(callback);
      };
      if (preparing.size === 0) closing();
    },
  });
  return {
    get size() {
      return kept.size;
    },
  };
}

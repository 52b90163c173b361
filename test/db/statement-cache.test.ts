/**
 * The SQLite connection keeps its prepared statements (db/statement-cache.ts): knex must see exactly what it saw
 * without the cache (ids, row counts, rows, errors, transactions), and the connection must still close.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { openDatabase } from '../../db/connection';
import { cacheStatements } from '../../db/statement-cache';

function tempFile(): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-stmt-'));
  return { file: path.join(dir, 'test.sqlite3'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('SQLite statement cache', () => {
  it('gives knex the same ids, counts, rows and errors, inside and outside transactions', async () => {
    const { file, remove } = tempFile();
    const db = openDatabase(`sqlite://${file}`);
    try {
      await db.schema.createTable('t', (t) => {
        t.increments('id');
        t.string('v').notNullable().unique();
      });
      // The same SQL text twice: the second run reuses the statement and still reports its own id.
      expect(await db('t').insert({ v: 'a' })).toEqual([1]);
      expect(await db('t').insert({ v: 'b' })).toEqual([2]);
      expect(
        await db('t')
          .where('id', '>', 0)
          .update({ v: db.raw("v || '!'") }),
      ).toBe(2);
      expect(await db('t').where('id', '>', 5).update({ v: 'x' })).toBe(0);
      expect(await db('t').orderBy('id').pluck('v')).toEqual(['a!', 'b!']);

      // A failing statement reports its error; the text that failed runs again afterwards.
      await expect(db('t').insert({ v: 'a!' })).rejects.toThrow(/UNIQUE/);
      expect(await db('t').insert({ v: 'c' })).toEqual([3]);
      await expect(db.raw('select * from no_such_table')).rejects.toThrow(/no such table/);
      await expect(db.raw('select * from no_such_table')).rejects.toThrow(/no such table/);

      // A rolled-back transaction leaves nothing; a committed one stays.
      await expect(
        db.transaction(async (trx) => {
          await trx('t').insert({ v: 'rolled back' });
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      await db.transaction(async (trx) => {
        await trx('t').insert({ v: 'd' });
        await trx('t').where({ v: 'c' }).del();
      });
      expect(await db('t').orderBy('id').pluck('v')).toEqual(['a!', 'b!', 'd']);

      // A schema change under a kept statement: SQLite prepares it again.
      await db.schema.alterTable('t', (t) => t.integer('n').defaultTo(7));
      expect(await db('t').orderBy('id').pluck('v')).toEqual(['a!', 'b!', 'd']);
      expect(await db('t').where({ v: 'd' }).first('n')).toEqual({ n: 7 });

      // EXPLAIN is not kept: a kept one would lock the table against dropping its index.
      await db.schema.alterTable('t', (t) => t.index(['n'], 't_n_idx'));
      for (let i = 0; i < 3; i++) await db.raw('explain query plan select * from t where n = ?', [7]);
      await db.schema.alterTable('t', (t) => t.dropIndex(['n'], 't_n_idx'));
    } finally {
      await db.destroy(); // closes the connection: every kept statement is finalized first
      remove();
    }
  });

  it('prepares a text once it has run, keeps at most the given number, and still closes', async () => {
    const { file, remove } = tempFile();
    const conn = new sqlite3.Database(file);
    const prepared: string[] = [];
    const prepare = conn.prepare.bind(conn);
    conn.prepare = ((sql: string, callback: (err: Error | null) => void) => {
      prepared.push(sql);
      return prepare(sql, callback);
    }) as typeof conn.prepare;
    const cache = cacheStatements(conn, 2);
    const all = (sql: string) =>
      new Promise<unknown[]>((resolve, reject) =>
        conn.all(sql, [], (err: Error | null, rows: unknown[]) => (err ? reject(err) : resolve(rows))),
      );
    try {
      for (let i = 0; i < 5; i++) expect(await all('select 1 as a')).toEqual([{ a: 1 }]);
      // The first run goes uncached and prepares the text for the next; a run may overtake that preparation once.
      expect(prepared.filter((sql) => sql === 'select 1 as a').length).toBeGreaterThanOrEqual(1);
      expect(prepared.filter((sql) => sql === 'select 1 as a').length).toBeLessThanOrEqual(2);
      for (const n of [2, 3, 4, 2]) {
        expect(await all(`select ${n} as a`)).toEqual([{ a: n }]);
        expect(await all(`select ${n} as a`)).toEqual([{ a: n }]);
        expect(cache.size).toBeLessThanOrEqual(2);
      }
      await expect(all('select * from no_such_table')).rejects.toThrow(/no such table/);
      expect(prepared).not.toContain('select * from no_such_table');
    } finally {
      await new Promise<void>((resolve, reject) => conn.close((err) => (err ? reject(err) : resolve())));
      remove();
    }
  });
});

/** The databases the db tests run on: a temporary SQLite file, and (when available) a fresh PostgreSQL database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrateLatest, openDatabase } from '../../db/connection';
import { DEMO_INSURER_NO, DEMO_OFFICES } from '../../db/seeds/demo';

export type Opened = { db: Knex; cleanup: () => Promise<void> };
/** Opens a fresh database, migrated to the latest version unless `migrate` is false. */
export type Open = (opts?: { migrate?: boolean }) => Promise<Opened>;

let counter = 0;

/** A temporary SQLite file. */
export const sqliteDatabase: Open = async ({ migrate = true } = {}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-test-'));
  const db = openDatabase(`sqlite://${path.join(dir, 'test.sqlite3')}`);
  if (migrate) await migrateLatest(db);
  return {
    db,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

const pgUrl = process.env.TEST_DATABASE_URL;

/**
 * A migrated database of its own on the test PostgreSQL cluster (test files run in parallel; each gets one), or
 * null when there is none.
 */
export function pgDatabase(name: string): Open | null {
  if (!pgUrl) return null;
  return async ({ migrate = true } = {}) => {
    const dbName = `kaigo_${name}_${process.pid}_${++counter}`;
    const admin = openDatabase(pgUrl);
    await admin.raw(`drop database if exists ${dbName}`);
    await admin.raw(`create database ${dbName}`);
    await admin.destroy();
    const db = openDatabase(pgUrl.replace(/\/[^/]*$/, `/${dbName}`));
    if (migrate) await migrateLatest(db);
    return {
      db,
      cleanup: async () => {
        await db.destroy();
        const a = openDatabase(pgUrl);
        await a.raw(`drop database if exists ${dbName}`);
        await a.destroy();
      },
    };
  };
}

/** [name, open] for SQLite and, when available, PostgreSQL. */
export function databases(name: string): [string, Open][] {
  const pg = pgDatabase(name);
  return [['sqlite', sqliteDatabase], ...(pg ? [['postgres', pg] as [string, Open]] : [])];
}

/** The insurer and the four demo offices, without users or persons. */
/** The demo insurer (online since 2026-01-01: 利用開始日 passed, data migrated) and its offices. */
export async function insertInsurerAndOffices(db: Knex): Promise<void> {
  // Online from 2026 where the schema has the columns (tests of older migrations write the insurer before them).
  const online = (await db.schema.hasColumn('insurers', 'data_migrated'))
    ? { online_start_on: '2026-01-01', data_migrated: true }
    : {};
  await db('insurers').insert({ insurer_no: DEMO_INSURER_NO, name: '宇城市', prefecture: '熊本県', ...online });
  await db('offices').insert(DEMO_OFFICES.map((o) => ({ ...o, insurer_no: DEMO_INSURER_NO })));
}

/** One staff login of an office (registrations name who asked); its users.id. */
export async function insertOfficeUser(db: Knex, officeNo: string): Promise<number> {
  const [row] = await db('users')
    .insert({
      login_id: `staff-${officeNo}`,
      display_name: '事業所 職員',
      role: 'office_staff',
      password_hash: 'x',
      insurer_no: DEMO_INSURER_NO,
      office_no: officeNo,
      active: true,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

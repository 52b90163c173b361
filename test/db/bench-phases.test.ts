/**
 * The bench's database phases at a tiny size (issue 20): the register import through its activities, and the
 * read-model queries with their plans on SQLite and on PostgreSQL (the test cluster of global-setup).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateLatest, openDatabase } from '../../db/connection';
import { seedDemoData } from '../../db/seeds/demo';
import { runImport } from '../../bench/phases/import';
import { runQueryBench } from '../../bench/phases/queries';

const today = '2026-12-05';
const quiet = () => undefined;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-bench-phases-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the import phase imports every generated row of each kind and reports rows per second', async () => {
  const db = openDatabase(`sqlite://${path.join(dir, 'import.sqlite3')}`);
  try {
    await migrateLatest(db);
    await seedDemoData(db, { today, passwordRounds: 4 });
    const before = Number(((await db('insured_persons').count({ n: '*' }).first()) as { n: number }).n);
    const r = await runImport({ persons: 300, today, via: 'activities', db });
    expect(r.kinds.map((k) => k.kind)).toEqual(['persons', 'certification', 'copay', 'burden_limit']);
    for (const k of r.kinds) {
      expect(k.invalid).toBe(0);
      expect(k.applied).toBe(k.rows);
      expect(k.rowsPerSecond).toBeGreaterThan(0);
    }
    const rows = Object.fromEntries(r.kinds.map((k) => [k.kind, k.rows]));
    expect(rows.persons).toBe(300);
    expect(r.registerRows.insured_persons).toBe(before + 300);
    expect(r.registerRows.certified).toBeGreaterThanOrEqual(rows.certification);
    expect(r.registerRows.register_certificates).toBeGreaterThanOrEqual(rows.copay + rows.burden_limit);
    expect(r.perSecond.persons).toBeGreaterThan(0);
    expect(r.perSecond.certificates).toBeGreaterThan(0);
  } finally {
    await db.destroy();
  }
});

test('the query phase times every query and prints SQLite plans', async () => {
  const r = await runQueryBench({
    dir,
    today,
    scales: [300],
    iterations: 5,
    batchSize: 500,
    batchSweep: null,
    log: quiet,
  });
  expect(r.database).toBe('sqlite');
  expect(r.scales[0].cases).toBe(300);
  expect(r.scales[0].queries.filter((q) => q.error)).toEqual([]);
  expect(r.scales[0].queries.every((q) => q.n >= 5 && q.p95 >= q.p50)).toBe(true);
  expect(r.plans.length).toBeGreaterThan(20);
  expect(r.plans.some((p) => p.plan.some((l) => /USING (COVERING )?INDEX/.test(l)))).toBe(true);
});

const pgUrl = process.env.TEST_DATABASE_URL;
(pgUrl ? test : test.skip)('the query phase runs on PostgreSQL with EXPLAIN plans', async () => {
  const name = `kaigo_bench_q_${process.pid}`;
  const admin = openDatabase(pgUrl!);
  await admin.raw(`drop database if exists ${name}`);
  await admin.raw(`create database ${name}`);
  try {
    const r = await runQueryBench({
      dir,
      postgresUrl: pgUrl!.replace(/\/[^/]*$/, `/${name}`),
      today,
      scales: [300],
      iterations: 5,
      batchSize: 500,
      batchSweep: null,
      log: quiet,
    });
    expect(r.database).toBe('postgres');
    expect(r.scales[0].queries.filter((q) => q.error)).toEqual([]);
    expect(r.scales[0].dbSizeMb).toBeGreaterThan(1);
    expect(r.plans.length).toBeGreaterThan(20);
    expect(r.plans.filter((p) => p.plan.some((l) => l.startsWith('ERROR')))).toEqual([]);
    expect(r.plans.some((p) => p.plan.some((l) => /Index (Only )?Scan/.test(l) || /Seq Scan/.test(l)))).toBe(true);
  } finally {
    await admin.raw(`drop database if exists ${name}`);
    await admin.destroy();
  }
});

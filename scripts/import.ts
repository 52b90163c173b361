/**
 * `npm run import -- FILE [--insurer 432130] [--user import]`: stores a core-system CSV and runs the register import
 * workflow on it (a worker must be running: npm start), printing its progress and then each row error by line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, temporalAddressOf } from '../config';
import { createRepositories } from '../db';
import { openDatabase } from '../db/connection';
import { jstDateOf } from '../domain/dates';
import { RegisterImportService } from '../web/services/register-import';
import { connectTemporal } from '../web/temporal';
import { registerImportProgressQuery } from '../workflows/register-import/messages';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const file = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!file) throw new Error('使い方: npm run import -- FILE [--insurer 保険者番号] [--user 取込者]');
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  const temporal = await connectTemporal({
    address: temporalAddressOf(config),
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    payloadKeys: config.payloadKeys,
  });
  try {
    const repos = createRepositories(db);
    const insurerNo = option('--insurer', (await repos.insurers.insurerNos())[0] ?? '');
    const started = Date.now();
    const { importId, handle } = await new RegisterImportService({
      repos,
      client: temporal.client,
      taskQueue: temporal.taskQueue,
    }).start({
      insurerNo,
      fileName: path.basename(file),
      content: fs.readFileSync(file, 'utf8'),
      uploadedBy: option('--user', 'import'),
      today: jstDateOf(Date.now()),
    });
    console.log(`取込 ${importId} を開始しました（保険者 ${insurerNo}）`);
    const timer = setInterval(() => {
      handle
        .query(registerImportProgressQuery)
        .then((p) => console.log(`  ${p.stage}: ${p.applied}/${p.valid} 行反映（誤り ${p.invalid} 行）`))
        .catch(() => undefined);
    }, 2000);
    const result = await handle.result().finally(() => clearInterval(timer));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      result.failure
        ? `取込できません: ${result.failure}`
        : `完了（${seconds}秒）: ${result.total}行のうち ${result.applied}行を反映、台帳が変わった行 ${result.changed}、誤り ${result.invalid}行`,
    );
    for (const e of await repos.registerImports.importErrors(insurerNo, importId, 100_000))
      console.log(`  ${e.line}行目 ${e.column_name ?? ''}: ${e.message}`);
    if (result.failure || result.invalid > 0) process.exitCode = 2;
  } finally {
    await temporal.close();
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

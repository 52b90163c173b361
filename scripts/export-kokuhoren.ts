/**
 * `npm run export:kokuhoren -- [--insurer 432130] [--date YYYY-MM-DD] [--user kyufu] [--out FILE]`: the same as the
 * 給付係's page: the day's 受給者異動 file (made now from the unsent records, or the one that day already has), written
 * to FILE (default kokuhoren-<保険者番号>-<YYYYMMDD>.csv), with an audit row like the page's.
 */
import fs from 'node:fs';
import { loadConfig } from '../config';
import { createRepositories } from '../db';
import { openDatabase } from '../db/connection';
import { isValidIsoDate, jstDateOf } from '../domain/dates';
import { batchFileName } from '../web/services/kokuhoren';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  try {
    const repos = createRepositories(db);
    const insurerNo = option('--insurer', (await repos.insurers.insurerNos())[0] ?? '');
    const day = option('--date', jstDateOf(Date.now()));
    if (!isValidIsoDate(day)) throw new Error(`日付が正しくありません: ${day}（YYYY-MM-DD）`);
    const user = option('--user', 'export');
    const result = await repos.kokuhoren.exportDay({
      insurerNo,
      batchDate: day,
      createdBy: user,
      createdAt: new Date().toISOString(),
    });
    if (!result) {
      console.log(`送る受給者異動はありません（保険者 ${insurerNo}、${day}）`);
      return;
    }
    const out = option('--out', batchFileName(result.batch));
    fs.writeFileSync(out, result.batch.content, 'utf8');
    await repos.audit.recordAudit({
      userId: null,
      loginId: user,
      action: result.created ? 'kokuhoren.export' : 'kokuhoren.download',
      target: `kokuhoren:${result.batch.id}`,
      detail: { batchDate: day, records: result.batch.record_count, sha256: result.batch.sha256, via: 'command' },
      ip: null,
    });
    console.log(
      `${result.created ? '作成しました' : '作成済みのファイルです'}: ${out}（${result.batch.record_count}件、うち訂正 ${result.batch.correction_count}件、sha256 ${result.batch.sha256}）`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

/**
 * 基幹システムからの取込 on the real dev server: a file with good and bad rows (errors by line, in Japanese), the same
 * file twice (nothing changes), a corrected file (only what differs), a bad header (failed), and the progress Query.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { createImport, getImport, importErrors } from '../../db/register-imports';
import { registerImportWorkflow } from '../../workflows';
import { registerImportProgressQuery, registerImportWorkflowId } from '../../workflows/register-import/messages';
import { INSURER, today, withWorker } from './certification-support';
import { saveHistory } from './histories';
import { useServerAndSeededDb } from './temporal-env';

const taskQueue = `register-import-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;
let n = 0;

useServerAndSeededDb((opened) => ({ env, db } = opened));

async function runImport(content: string) {
  const importId = `t${Date.now().toString(36)}-${++n}`;
  await createImport(db, {
    id: importId,
    insurerNo: INSURER,
    fileName: 'test.csv',
    content,
    uploadedBy: 'kyufu',
    uploadedAt: new Date().toISOString(),
  });
  const handle = await env.client.workflow.start(registerImportWorkflow, {
    taskQueue,
    workflowId: registerImportWorkflowId(INSURER, importId),
    args: [{ importId, insurerNo: INSURER, uploadedBy: 'kyufu', today: today() }],
  });
  const result = await handle.result();
  return { importId, handle, result, row: await getImport(db, INSURER, importId) };
}

const persons = [
  '被保険者番号,氏名,フリガナ,生年月日,性別,郵便番号,住所,被保険者区分,資格状態',
  '0000300001,取込 一郎,トリコミ イチロウ,19400401,1,869-0532,熊本県宇城市松橋町,1,資格あり',
  '0000300002,取込 花子,トリコミ ハナコ,1945-02-30,2,,熊本県宇城市,1,資格あり',
  '0000300003,"取込, 次郎",トリコミ ジロウ,19500101,1,,熊本県宇城市,2,資格あり',
].join('\r\n');

test('imports persons and 負担割合: row errors by line, the same file twice changes nothing, a correction only what differs', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const first = await runImport(persons);
    expect(first.result).toMatchObject({ stage: 'done', kind: 'persons', total: 3, valid: 2, invalid: 1, changed: 2 });
    expect(await importErrors(db, INSURER, first.importId)).toEqual([
      { line: 3, column_name: '生年月日', message: '生年月日が正しい日付ではありません（1945-02-30）' },
    ]);
    expect(await db('insured_persons').where({ insured_no: '0000300003' }).first('name')).toEqual({
      name: '取込, 次郎',
    });
    await saveHistory(first.handle, 'register-import-persons');

    const again = await runImport(persons);
    expect(again.result).toMatchObject({ stage: 'done', applied: 2, changed: 0 });
    expect(await first.handle.query(registerImportProgressQuery)).toMatchObject({ stage: 'done', applied: 2 });

    const copay = (ratio: string) =>
      [
        '被保険者番号,負担割合,適用開始日,適用終了日',
        `0000300001,${ratio},20260801,20270731`,
        '0000300003,1,20260801,20270731',
        '0000399999,1,20260801,20270731',
      ].join('\n');
    const c1 = await runImport(copay('1'));
    expect(c1.result).toMatchObject({ kind: 'copay', valid: 2, changed: 2 });
    expect(await importErrors(db, INSURER, c1.importId)).toEqual([
      { line: 4, column_name: '被保険者番号', message: '被保険者番号 0000399999 は台帳にありません' },
    ]);
    expect((await runImport(copay('1'))).result).toMatchObject({ changed: 0 });
    const corrected = await runImport(copay('2'));
    expect(corrected.result).toMatchObject({ changed: 1 });
    expect(corrected.row).toMatchObject({ status: 'done', applied_rows: 2, changed_rows: 1 });
    const history = await db('register_certificates').where({ insured_no: '0000300001' }).orderBy('id');
    expect(history.map((r) => [r.value, r.source, r.superseded_by == null])).toEqual([
      ['1', 'import', false],
      ['2', 'import', true],
    ]);
    expect(await db('insured_persons').where({ insured_no: '0000300001' }).first('copay_ratio')).toEqual({
      copay_ratio: 2,
    });
  });
});

test('a file whose header matches no layout fails with a Japanese message and changes nothing', async () => {
  await withWorker(env, db, taskQueue, async () => {
    const bad = await runImport('番号,割合\n0000300001,2\n');
    expect(bad.result).toMatchObject({ stage: 'failed', kind: null });
    expect(bad.row?.status).toBe('failed');
    expect(bad.row?.failure).toContain('1行目の見出しがどの様式とも一致しません');
  });
});

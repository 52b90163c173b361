/**
 * Records the committed 居宅届 histories (test/workflows/histories/plan-notification-<path>.json) from real runs: accept,
 * return, refile, withdraw and a refused first filing. With every file committed the runs are skipped (the same paths
 * are tested in plan-notification.test.ts); set KAIGO_RECORD_HISTORIES=1 to record them again after a deliberate
 * change of the workflow (then the replay test checks the new ones).
 */
import { createRepositories } from '../../db';
import fs from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import type { Actor } from '../../domain/actor';
import { addDays, jstDateOf } from '../../domain/dates';
import type { PlanFiling } from '../../domain/plan-notification/types';
import { PlanNotificationService } from '../../web/services/plan-notification';
import { planNotificationWorkflowId } from '../../workflows/plan-notification/messages';
import { createTempDb } from '../support/temp-db';
import { saveHistory } from './histories';
import { demoBirthDate } from '../../db/seeds/demo';
import { attachTestEnv, withTestWorker } from './temporal-env';

const INSURER = '432130';
const today = () => jstDateOf(Date.now());
const actor = (loginId: string, role: Actor['role'], officeNo: string | null): Actor => ({
  userId: 1,
  loginId,
  displayName: loginId,
  role,
  officeNo,
  insurerNo: INSURER,
});
const office = actor('ukinosato', 'office_staff', '4370100011');
const kyufu = actor('kyufu', 'benefits', null);

const filing = (over: Partial<PlanFiling> = {}): PlanFiling => ({
  kind: 'new',
  person: {
    insuredNo: '0000100002',
    name: '松橋 ハナ',
    kana: 'マツバセ ハナ',
    birthDate: demoBirthDate(today(), '0000100002'),
  },
  startDate: addDays(today(), 3),
  notifier: { name: '宇土 明美', relation: 'care_manager' },
  identity: { method: 'my_number_card', checkedBy: '宇土 明美', checkedOn: today() },
  ...over,
});

const PATHS = ['accept', 'return', 'refile', 'withdraw', 'refused'];
const missing = PATHS.some((p) => !fs.existsSync(path.join(__dirname, 'histories', `plan-notification-${p}.json`)));
const recordTest = missing || process.env.KAIGO_RECORD_HISTORIES ? test : test.skip;

let env: TestWorkflowEnvironment;
let db: Knex;
let cleanup: () => Promise<void>;
let plans: PlanNotificationService;
const taskQueue = `plan-histories-${Date.now()}`;

beforeAll(async () => {
  env = await attachTestEnv();
  ({ db, cleanup } = await createTempDb({ seed: true, today: today() }));
  plans = new PlanNotificationService({ repos: createRepositories(db), client: env.client, taskQueue });
});
afterAll(async () => {
  await cleanup();
});

/** Runs one path to the end of the run and stores its history as plan-notification-<name>.json. */
async function record(name: string, run: (filingNo: string) => Promise<void>): Promise<void> {
  await withTestWorker(env, db, taskQueue, async () => {
    const filingNo = plans.newRequestId();
    await run(filingNo);
    const handle = env.client.workflow.getHandle(planNotificationWorkflowId(INSURER, filingNo));
    await handle.result();
    await saveHistory(handle, `plan-notification-${name}`);
  });
}

recordTest('accept: filed, review started, accepted (被保険者証, 国保連 and 受理通知 written)', async () => {
  await record('accept', async (no) => {
    await plans.file(office, no, filing());
    await plans.review(kyufu, no, plans.newRequestId());
    await plans.accept(kyufu, no, plans.newRequestId(), '確認済み');
  });
});

recordTest('return: filed, returned with a reason (返戻通知), then withdrawn by the office', async () => {
  await record('return', async (no) => {
    await plans.file(office, no, filing());
    await plans.returnFiling(kyufu, no, plans.newRequestId(), '開始年月日を確認してください');
    await plans.withdraw(office, no, plans.newRequestId(), '利用を見合わせるため');
  });
});

recordTest('refile: filed, returned, refiled with a corrected start date, accepted', async () => {
  await record('refile', async (no) => {
    await plans.file(office, no, filing());
    await plans.returnFiling(kyufu, no, plans.newRequestId(), '開始年月日を確認してください');
    await plans.refile(office, no, plans.newRequestId(), filing({ startDate: addDays(today(), 5) }));
    await plans.accept(kyufu, no, plans.newRequestId(), '利用者の入院のため');
  });
});

recordTest('withdraw: filed, then withdrawn before review', async () => {
  await record('withdraw', async (no) => {
    await plans.file(office, no, filing());
    await plans.withdraw(office, no, plans.newRequestId(), '利用者の入院のため');
  });
});

recordTest('refused: the first filing fails the checks (wrong birth date), the run ends', async () => {
  await record('refused', async (no) => {
    await expect(
      plans.file(
        office,
        no,
        filing({ person: { ...filing().person, birthDate: addDays(demoBirthDate(today(), '0000100002'), 1) } }),
      ),
    ).rejects.toThrow();
  });
});

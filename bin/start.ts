import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig, AppConfig, temporalAddressOf, workerNodeFlags } from '../config';
import { migrateLatest, openDatabase } from '../db/connection';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../db/seeds/demo';
import type { IsoDate } from '../domain/certification/types';
import { jstDateOf } from '../domain/dates';
import { roleLabel } from '../domain/glossary';
import { loadDemoCases } from '../scripts/demo-cases';
import { connectTemporal } from '../web/temporal';
import { ensureTemporalCli, noCliMessage, TemporalCli } from '../scripts/temporal-cli';
import { searchAttributeCliArgs, ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

/**
 * `npm start`: one process tree with the Temporal dev server (persistent SQLite under ./data, Web UI on :8233),
 * the worker and the web app. Ctrl-C stops all of them.
 */
/** Set once shutdown begins: the dev server's shutdown chatter is not shown. */
let stopping = false;

async function main(): Promise<void> {
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  // One date for the seed and the demo cases, so a start around midnight keeps them consistent.
  const today = jstDateOf(Date.now());
  const freshDemoData = await prepareDatabase(config, today);

  const apps: ChildProcess[] = [];
  let server: ChildProcess | null = null;
  let devServerEnv: TestWorkflowEnvironment | null = null;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('停止しています…');
    // Web and worker first, the server last, so nothing loses its connection mid-write.
    for (const c of apps) c.kill('SIGTERM');
    await Promise.all(apps.map(waitExit));
    if (server) {
      server.kill('SIGTERM');
      await waitExit(server);
    }
    if (devServerEnv) await devServerEnv.teardown();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  if (!config.temporalAddress) {
    const cli = await ensureTemporalCli(process.env, say);
    if (cli.kind === 'existing-path') {
      server = startDevServer(cli, config);
      server.on('exit', (code) => {
        if (!stopping) {
          say(`Temporal dev server が終了しました (code ${code})`);
          void stopAll(1);
        }
      });
    } else {
      say('Temporal CLI をダウンロードして起動します（インターネット接続が必要）');
      devServerEnv = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'cached-download', downloadDir: cli.downloadDir },
          port: config.temporalPort,
          uiPort: config.temporalUiPort,
          ui: true,
          dbFilename: path.join(config.dataDir, 'temporal.sqlite3'),
          namespace: config.temporalNamespace,
          searchAttributes: ALL_SEARCH_ATTRIBUTES,
          extraArgs: ['--sqlite-pragma', 'journal_mode=WAL'],
        },
      }).catch((err: Error) => {
        say(`${err.message}\n${noCliMessage()}`);
        process.exit(1);
      });
    }
    await waitForPort(config.temporalPort, 60_000);
  }

  for (const name of ['worker', 'web'] as const) {
    const flags = name === 'worker' ? workerNodeFlags(config) : [];
    const child = spawn(process.execPath, [...flags, path.join(__dirname, `${name}.js`)], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: temporalAddressOf(config),
        // the demo's card reader (readings demo-<被保険者番号>); never in production
        DEMO_CARD_READER: config.env === 'production' ? 'false' : 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixOutput(child, name);
    apps.push(child);
    child.on('exit', (code) => {
      if (!stopping) {
        say(`${name} が終了しました (code ${code})`);
        void stopAll(1);
      }
    });
  }
  await waitForPort(config.port, 60_000);
  if (freshDemoData) await startDemoCases(config, today);
  printWelcome(config);
}

/** Migrates, and loads the demo data into an empty database; true when it did. */
async function prepareDatabase(config: AppConfig, today: IsoDate): Promise<boolean> {
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateLatest(db);
    const loaded = await seedDemoData(db, { today });
    say(loaded ? 'データベースを作成し、デモデータを読み込みました' : '既存のデータベースを使用します');
    return loaded;
  } finally {
    await db.destroy();
  }
}

/** On first start, drives a few demo cases through the real workflows so every list has something in it. */
async function startDemoCases(config: AppConfig, today: IsoDate): Promise<void> {
  const db = openDatabase(config.databaseUrl);
  const temporal = await connectTemporal({
    address: temporalAddressOf(config),
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    payloadKeys: config.payloadKeys,
  });
  try {
    const n = await loadDemoCases({
      db,
      client: temporal.client,
      taskQueue: temporal.taskQueue,
      today,
    });
    say(`デモ案件を ${n} 件作成しました`);
  } catch (err) {
    say(`デモ案件の作成に失敗しました: ${(err as Error).message}`);
  } finally {
    await temporal.close();
    await db.destroy();
  }
}

function startDevServer(cli: Extract<TemporalCli, { kind: 'existing-path' }>, config: AppConfig): ChildProcess {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(config.temporalPort),
    '--ui-port',
    String(config.temporalUiPort),
    '--db-filename',
    path.join(config.dataDir, 'temporal.sqlite3'),
    '--namespace',
    config.temporalNamespace,
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
    // The Web UI decodes histories through kaigo-flow's codec endpoint, for a logged-in 係長 only.
    '--ui-codec-endpoint',
    `http://localhost:${config.port}/codec`,
    '--log-level',
    'warn',
    ...searchAttributeCliArgs(),
  ];
  say(`Temporal dev server を起動します: ${cli.path} (${cli.source})`);
  const child = spawn(cli.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  prefixOutput(child, 'temporal');
  return child;
}

function prefixOutput(child: ChildProcess, name: string): void {
  const write = (chunk: Buffer) => {
    if (stopping && name === 'temporal') return;
    for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', write);
  child.stderr?.on('data', write);
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`port ${port} did not open within ${timeoutMs} ms`);
}

function say(line: string): void {
  process.stdout.write(`[kaigo-flow] ${line}\n`);
}

/** The data directory as the user gave it: relative to where npm start ran when inside it (KAIGO_DATA_DIR may move it). */
function shownDir(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? `./${relative}` : dir;
}

function printWelcome(config: AppConfig): void {
  const lines = [
    '',
    '==================== kaigo-flow が起動しました ====================',
    `  業務画面        http://localhost:${config.port}/`,
    `  Temporal Web UI ${config.temporalUiUrl}/`,
    `  ヘルスチェック  http://localhost:${config.port}/healthz`,
    '',
    `  デモ用ログイン（パスワードはすべて ${DEMO_PASSWORD}）:`,
    ...DEMO_USERS.map(
      (u) =>
        `    ${u.login_id.padEnd(11)} ${u.display_name}（${roleLabel(u.role)}${u.office_no ? `・${u.office_no}` : ''}）`,
    ),
    ...(config.env === 'production'
      ? []
      : ['', '  マイナンバーカードの読取り（デモ）: カード読取り番号に demo-被保険者番号（例 demo-0000100001）']),
    '',
    `  停止は Ctrl-C。データは ${shownDir(config.dataDir)} に残ります（消去: npm run reset）。`,
    '===================================================================',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import path from 'node:path';
import { z } from 'zod';

/** Everything the processes read from the environment, parsed once at start. Nothing else reads process.env. */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  /** knex client derived from DATABASE_URL */
  databaseClient: 'sqlite3' | 'pg';
  temporalAddress: string | null;
  temporalNamespace: string;
  taskQueue: string;
  sessionSecret: string;
  dataDir: string;
  /** Port of the dev server's Web UI (bin/start.ts). */
  temporalUiPort: number;
  /** Base URL of the Temporal Web UI the pages link to, without a trailing slash. */
  temporalUiUrl: string;
  temporalPort: number;
  logLevel: string;
  /** Sticky cache size of the worker: cases wait days between steps, so a small cache saves memory. */
  workerMaxCachedWorkflows: number;
  /**
   * V8 old-space limit of the worker process, MB. Its live data is small (a bounded cache of cases); without a limit V8
   * on a large machine lets garbage pile up to gigabytes before collecting it.
   */
  workerHeapMb: number;
  /** Session cookie only over HTTPS; on by default in production. */
  sessionCookieSecure: boolean;
  /** Proxies in front of the web process (express `trust proxy`); false when clients connect directly. */
  trustProxy: number | false;
  /**
   * Keys that encrypt what kaigo-flow gives Temporal (lib/payload-codec.ts): the first encrypts, all decrypt. Set
   * PAYLOAD_KEYS in production; development uses a fixed key that protects nothing.
   */
  payloadKeys: { id: string; key: Buffer }[];
  /** The demo's card reader (lib/card-reader.ts DemoCardReader): `npm start` turns it on; refused in production. */
  demoCardReader: boolean;
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'host:port の形式で指定してください（例: temporal.example.lg.jp:7233）')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('kaigo-flow'),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_UI_URL: z
    .url({
      protocol: /^https?$/,
      error: 'http:// か https:// で始まる URL を指定してください（例: https://temporal-ui.example.lg.jp）',
    })
    .optional(),
  SESSION_SECRET: z.string().min(16, 'SESSION_SECRET は16文字以上にしてください').optional(),
  KAIGO_DATA_DIR: z.string().min(1).optional(),
  // Not 0: with no sticky cache the SDK's core (1.24) can evict a case in the middle of a workflow task while its local
  // activities resolve, and the task then fails again and again (temporalio/sdk-rust#1482); the bench's sweep hit it.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(
      1,
      'WORKER_MAX_CACHED_WORKFLOWS は1以上にしてください（0 ではローカルアクティビティの途中で案件がキャッシュから外れ、処理が進まなくなります）',
    )
    .max(100000)
    .default(50),
  WORKER_HEAP_MB: z.coerce.number().int().min(64, 'WORKER_HEAP_MB は64以上にしてください').max(65536).default(128),
  SESSION_COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  TRUST_PROXY: z.coerce
    .number({ error: 'TRUST_PROXY は手前のプロキシの段数（0以上の整数）で指定してください' })
    .int()
    .min(0)
    .max(10)
    .default(0),
  PAYLOAD_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/,
      'PAYLOAD_KEYS は「鍵ID:32バイトのbase64」をカンマ区切りで指定してください（先頭の鍵で暗号化します）',
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_CARD_READER: z.enum(['true', 'false']).optional(),
});

export class ConfigError extends Error {}

/** Parses and validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`環境変数の設定に誤りがあります:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.KAIGO_DATA_DIR ?? 'data');
  const databaseUrl = e.DATABASE_URL ?? `sqlite://${path.join(dataDir, 'kaigo-flow.sqlite3')}`;
  const databaseClient = databaseClientOf(databaseUrl);
  const missing = e.NODE_ENV === 'production' ? (['SESSION_SECRET', 'PAYLOAD_KEYS'] as const).filter((k) => !e[k]) : [];
  if (missing.length) {
    throw new ConfigError(
      `環境変数の設定に誤りがあります:\n${missing.map((k) => `  ${k}: 本番環境では必須です`).join('\n')}`,
    );
  }
  // a reader that answers for any 被保険者番号 would let anyone pass the card check
  if (e.NODE_ENV === 'production' && e.DEMO_CARD_READER === 'true')
    throw new ConfigError('環境変数の設定に誤りがあります:\n  DEMO_CARD_READER: 本番環境では使用できません');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl,
    databaseClient,
    temporalAddress: e.TEMPORAL_ADDRESS ?? null,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    sessionSecret: e.SESSION_SECRET ?? 'kaigo-flow-development-only-secret',
    dataDir,
    temporalPort: e.TEMPORAL_PORT,
    temporalUiPort: e.TEMPORAL_UI_PORT,
    temporalUiUrl: (e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`).replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    workerMaxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    workerHeapMb: e.WORKER_HEAP_MB,
    sessionCookieSecure: e.SESSION_COOKIE_SECURE ? e.SESSION_COOKIE_SECURE === 'true' : e.NODE_ENV === 'production',
    trustProxy: e.TRUST_PROXY === 0 ? false : e.TRUST_PROXY,
    payloadKeys: parsePayloadKeys(e.PAYLOAD_KEYS ?? DEVELOPMENT_PAYLOAD_KEYS),
    demoCardReader: e.DEMO_CARD_READER === 'true',
  };
}

/** Development and tests only: a key everyone can read, so it protects nothing (production must set PAYLOAD_KEYS). */
const DEVELOPMENT_PAYLOAD_KEYS = `dev:${Buffer.alloc(32, 'kaigo-flow-development-only').toString('base64')}`;

function parsePayloadKeys(value: string): { id: string; key: Buffer }[] {
  return value.split(',').map((pair) => {
    const [id, b64] = pair.split(':');
    return { id, key: Buffer.from(b64, 'base64') };
  });
}

function databaseClientOf(url: string): 'sqlite3' | 'pg' {
  if (url.startsWith('sqlite://') || url.endsWith('.sqlite3') || url === ':memory:') return 'sqlite3';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'pg';
  throw new ConfigError(
    `環境変数の設定に誤りがあります:\n  DATABASE_URL: sqlite://<ファイル> か postgres://... を指定してください（${url}）`,
  );
}

/** Address the app connects to: the configured cluster, or the dev server that bin/start.ts runs. */
export function temporalAddressOf(config: AppConfig): string {
  return config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`;
}

/** Node flags the worker process is started with (bin/start.ts, the benchmark). */
export function workerNodeFlags(config: Pick<AppConfig, 'workerHeapMb'>): string[] {
  return [`--max-old-space-size=${config.workerHeapMb}`];
}

import path from 'node:path';
import { ConfigError, loadConfig, temporalAddressOf, workerNodeFlags } from '../../config';

describe('loadConfig', () => {
  it('uses safe defaults for development', () => {
    const c = loadConfig({}, '/srv/kaigo');
    expect(c.port).toBe(3000);
    expect(c.databaseClient).toBe('sqlite3');
    expect(c.databaseUrl).toBe(`sqlite://${path.join('/srv/kaigo', 'data', 'kaigo-flow.sqlite3')}`);
    expect(c.temporalAddress).toBeNull();
    expect(temporalAddressOf(c)).toBe('127.0.0.1:7233');
    expect(c.temporalNamespace).toBe('default');
  });

  it('has no demo card reader unless DEMO_CARD_READER=true, and refuses it in production', () => {
    expect(loadConfig({}).demoCardReader).toBe(false);
    expect(loadConfig({ DEMO_CARD_READER: 'true' }).demoCardReader).toBe(true);
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), PAYLOAD_KEYS: `k:${'A'.repeat(43)}=` };
    expect(loadConfig(production).demoCardReader).toBe(false);
    expect(() => loadConfig({ ...production, DEMO_CARD_READER: 'true' })).toThrow(
      /DEMO_CARD_READER: 本番環境では使用できません/,
    );
  });

  it('connects to a named cluster instead of a dev server when TEMPORAL_ADDRESS is set', () => {
    const c = loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233' });
    expect(temporalAddressOf(c)).toBe('temporal.internal:7233');
  });

  it('starts the worker with a V8 heap limit (WORKER_HEAP_MB, default 128) and refuses one too small to run', () => {
    expect(workerNodeFlags(loadConfig({}))).toEqual(['--max-old-space-size=128']);
    expect(workerNodeFlags(loadConfig({ WORKER_HEAP_MB: '512' }))).toEqual(['--max-old-space-size=512']);
    expect(() => loadConfig({ WORKER_HEAP_MB: '32' })).toThrow(/WORKER_HEAP_MB は64以上/);
  });

  it('keeps a sticky cache (default 50) and refuses none, which stalls cases with local activities in SDK 1.24', () => {
    expect(loadConfig({}).workerMaxCachedWorkflows).toBe(50);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' }).workerMaxCachedWorkflows).toBe(1);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS は1以上/);
  });

  it('links to the Temporal Web UI at TEMPORAL_UI_URL (default: the dev server on this machine), http or https only', () => {
    expect(loadConfig({}).temporalUiUrl).toBe('http://localhost:8233');
    expect(loadConfig({ TEMPORAL_UI_PORT: '9233' }).temporalUiUrl).toBe('http://localhost:9233');
    expect(loadConfig({ TEMPORAL_UI_URL: 'https://temporal-ui.example.lg.jp/' }).temporalUiUrl).toBe(
      'https://temporal-ui.example.lg.jp',
    );
    expect(() => loadConfig({ TEMPORAL_UI_URL: 'temporal-ui:8233' })).toThrow(
      /TEMPORAL_UI_URL: http:\/\/ か https:\/\//,
    );
    expect(() => loadConfig({ TEMPORAL_UI_URL: 'javascript:alert(1)' })).toThrow(/TEMPORAL_UI_URL/);
  });

  it('recognises PostgreSQL URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://kaigo@db/kaigo' }).databaseClient).toBe('pg');
  });

  it('rejects bad values with a Japanese message naming each variable', () => {
    expect(() => loadConfig({ PORT: 'abc', TEMPORAL_ADDRESS: 'no-port' })).toThrow(ConfigError);
    // Every bad variable in one message, not only the first.
    expect(() => loadConfig({ PORT: '70000', TEMPORAL_ADDRESS: 'no-port' })).toThrow(
      /環境変数の設定に誤りがあります:\n {2}PORT: .*\n {2}TEMPORAL_ADDRESS: /,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('requires SESSION_SECRET in production only', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'a-long-enough-secret' })).toThrow(
      /PAYLOAD_KEYS/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/16文字/);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        SESSION_SECRET: 'a-long-enough-secret',
        PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      }).env,
    ).toBe('production');
  });
});

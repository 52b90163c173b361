import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  findTemporalServer,
  noServerMessage,
  serverCacheDir,
  TEMPORAL_SERVER_VERSION,
} from '../../scripts/temporal-server';

describe('finding the Temporal server', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-server-'));
    env = { XDG_CACHE_HOME: root };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const put = (file: string) => {
    const full = path.join(serverCacheDir(env), file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, '');
  };

  it('uses the per-machine cache of the one pinned version only when server, sql and the schemas are all there', () => {
    expect(serverCacheDir(env)).toBe(path.join(root, 'kaigo-flow', `temporal-server-${TEMPORAL_SERVER_VERSION}`));
    put('server');
    put('sql');
    expect(findTemporalServer(env)).toBeNull();
    put('schema/temporal/versioned/v1.0/manifest.json');
    expect(findTemporalServer(env)).toEqual({
      server: path.join(serverCacheDir(env), 'server'),
      sql: path.join(serverCacheDir(env), 'sql'),
      schemaDir: path.join(serverCacheDir(env), 'schema'),
    });
  });

  it('says in Japanese and English that Go is missing, and what to run', () => {
    const message = noServerMessage(env);
    for (const part of ['Go がありません', 'Go is not installed', serverCacheDir(env), 'temporal-server.js'])
      expect(message).toContain(part);
  });
});

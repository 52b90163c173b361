import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir, findTemporalCli, noCliMessage, TEMPORAL_CLI_VERSION } from '../../scripts/temporal-cli';

function fakeExecutable(dir: string, name = 'temporal'): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, 0o755);
  return file;
}

describe('finding the Temporal CLI', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-cli-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prefers TEMPORAL_CLI_PATH over PATH and the cache', () => {
    const explicit = fakeExecutable(path.join(root, 'explicit'));
    fakeExecutable(path.join(root, 'bin'));
    const env = { TEMPORAL_CLI_PATH: explicit, PATH: path.join(root, 'bin'), XDG_CACHE_HOME: path.join(root, 'cache') };
    expect(findTemporalCli(env)).toEqual({ kind: 'existing-path', path: explicit, source: 'TEMPORAL_CLI_PATH' });
  });

  it('fails clearly when TEMPORAL_CLI_PATH names a missing file', () => {
    expect(() => findTemporalCli({ TEMPORAL_CLI_PATH: path.join(root, 'nope') })).toThrow(/does not exist/);
  });

  it('uses a temporal on PATH before the cache', () => {
    const onPath = fakeExecutable(path.join(root, 'bin'));
    fakeExecutable(cacheDir({ XDG_CACHE_HOME: path.join(root, 'cache') }));
    expect(
      findTemporalCli({ PATH: `/nonexistent:${path.join(root, 'bin')}`, XDG_CACHE_HOME: path.join(root, 'cache') }),
    ).toEqual({
      kind: 'existing-path',
      path: onPath,
      source: 'PATH',
    });
  });

  it('falls back to the per-machine cache, keyed by the one pinned version', () => {
    const env = { PATH: '/nonexistent', XDG_CACHE_HOME: path.join(root, 'cache') };
    expect(findTemporalCli(env)).toBeNull();
    const cached = fakeExecutable(cacheDir(env));
    expect(cacheDir(env)).toContain(`temporal-cli-${TEMPORAL_CLI_VERSION}`);
    expect(findTemporalCli(env)).toEqual({ kind: 'existing-path', path: cached, source: 'cache' });
  });

  it('names every way it tried when nothing works', () => {
    const message = noCliMessage({ XDG_CACHE_HOME: '/x' });
    for (const way of ['TEMPORAL_CLI_PATH', 'PATH', '/x/kaigo-flow', 'go install', 'SDK download'])
      expect(message).toContain(way);
  });
});

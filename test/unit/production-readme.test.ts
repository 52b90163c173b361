import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/paths';
import { LOOPBACK_ONLY, PRODUCTION, productionAppEnv } from '../../scripts/cluster';
import { searchAttributeCliArgs } from '../../workflows/search-attributes';

// README's "Production" section is what `npm run test:cluster` runs (issue 19): every command, argument and setting of
// scripts/cluster.ts is in the section, and nothing the test sets only for loopback is passed off as production's.
const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Production'), readme.indexOf('## Who may see what'));
const serverYaml = fs.readFileSync(path.join(projectRoot, 'config/temporal-server/production.yaml'), 'utf8');

test('the section is there', () => {
  expect(section.length).toBeGreaterThan(1000);
  expect(section).toContain('npm run test:cluster');
});

test('the server is started and its dynamic config validated with the same arguments', () => {
  const args = PRODUCTION.serverArgs.join(' ');
  expect(section).toContain(`$S/server ${args} start`);
  expect(section).toContain(`$S/server ${args} validate-dynamic-config ${PRODUCTION.dynamicConfig}`);
  expect(fs.existsSync(path.join(projectRoot, PRODUCTION.dynamicConfig))).toBe(true);
  expect(serverYaml).toContain(`server ${args} start`);
});

test("the server's settings in the section are the ones its config template reads", () => {
  const read = new Set([...serverYaml.matchAll(/env "([A-Z_]+)"/g)].map((m) => m[1]));
  const exported = /export (TEMPORAL_DB_ADDRESS=[^\n]+)/.exec(section)![1];
  const names = [...exported.matchAll(/([A-Z_]+)=/g)].map((m) => m[1]);
  expect(names).toEqual(['TEMPORAL_DB_ADDRESS', 'TEMPORAL_DB_USER', 'TEMPORAL_DB_PASSWORD', 'TEMPORAL_BIND_IP']);
  expect(names.filter((n) => !read.has(n))).toEqual([]);
});

test('workers, web processes and the migration run the same commands', () => {
  expect(section).toContain(`node ${PRODUCTION.workerArgs.join(' ')} &`);
  expect(section).toContain(`node ${PRODUCTION.webArgs.join(' ')} &`);
  expect(section).toContain(`node ${PRODUCTION.migrateArgs.join(' ')}`);
});

test("every setting of the test's workers and web processes is in the section, but the loopback-only ones", () => {
  const env = productionAppEnv({ temporalAddress: 'x', databaseUrl: 'x', sessionSecret: 'x', payloadKeys: 'x' });
  const exports = [...section.matchAll(/^\s*(?:export |TRUST_PROXY=1 PORT=)([^\n]+)/gm)].map((m) => m[0]).join(' ');
  for (const name of Object.keys(env).filter((n) => !(n in LOOPBACK_ONLY)))
    expect([name, exports.includes(`${name}=`)]).toEqual([name, true]);
  expect(env.NODE_ENV).toBe('production');
  expect(exports).toContain('NODE_ENV=production');
  // Production's values of the loopback-only ones: the proxy is trusted, the cookie Secure (by default).
  expect(exports).toContain('TRUST_PROXY=1');
  expect(exports).not.toContain('SESSION_COOKIE_SECURE');
  for (const [name, value] of Object.entries(LOOPBACK_ONLY)) expect(section).toContain(`${name}=${value}`);
});

test('the namespace and every search attribute the workflows define', () => {
  expect(section).toContain(`namespace create --namespace default --retention ${PRODUCTION.namespaceRetention}`);
  for (const pair of searchAttributeCliArgs().filter((a) => a !== '--search-attribute')) {
    const [name, type] = pair.split('=');
    expect([name, section.includes(name)]).toEqual([name, true]);
    expect(section).toMatch(new RegExp(`${name}[^\\n]*\\(?${type}\\)?|${name} --type ${type}`));
  }
});

/**
 * Every action code the app records in the audit log has a Japanese label: the test reads the `audit.record({ action })`
 * calls in the source, so a new call with a new code fails here until the label is added to domain/audit.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { auditActionLabel } from '../../domain/audit';
import { CERTIFICATION_ACTIONS } from '../../domain/certification/actions';
import { PLAN_ACTIONS } from '../../domain/plan-notification/actions';

const ROOT = join(__dirname, '..', '..');
/** Template codes (`case.${kind}`) stand for every kind of their action table. */
const KINDS_BY_PREFIX: Record<string, readonly string[]> = {
  'case.': Object.keys(CERTIFICATION_ACTIONS),
  'plan.': Object.keys(PLAN_ACTIONS),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The action codes of each audit.record call in a file; a template code is expanded over its table. */
function recordedActions(source: string, file: string): string[] {
  const codes: string[] = [];
  for (const call of source.matchAll(/audit\s*\.record\(\{([\s\S]*?)\}\)/g)) {
    const m = /action:\s*(?:'([^']+)'|`([^`]+)`)/.exec(call[1]);
    if (!m) throw new Error(`${file}: an audit.record call whose action is not a literal: ${call[0]}`);
    if (m[1]) codes.push(m[1]);
    else {
      const t = /^([a-z.]+)\$\{\w+\}$/.exec(m[2]);
      const kinds = t ? KINDS_BY_PREFIX[t[1]] : undefined;
      if (!t || !kinds) throw new Error(`${file}: cannot expand the audit action \`${m[2]}\``);
      codes.push(...kinds.map((k) => t[1] + k));
    }
  }
  return codes;
}

test('every action the web app and the activities record has a Japanese label', () => {
  const files = ['web', 'activities', 'bin', 'lib'].flatMap((d) => sourceFiles(join(ROOT, d)));
  const recorded = files.flatMap((f) =>
    recordedActions(readFileSync(f, 'utf8'), f).map((code) => ({ code, file: f.slice(ROOT.length + 1) })),
  );
  // The scan must see the calls it checks: logins, views, tasks, exports, case and 居宅届 actions at least.
  expect(recorded.length).toBeGreaterThan(30);
  for (const code of ['login', 'logout', 'person.view', 'case.recordSecondaryJudgement', 'plan.accept', 'audit.export'])
    expect(recorded.map((r) => r.code)).toContain(code);
  expect(recorded.filter((r) => auditActionLabel(r.code) === null)).toEqual([]);
});

test('the scan reads literal and template codes, and an unknown code has no label', () => {
  const src =
    "await services.audit.record({ actor, action: 'no.such', ip });\n" + 'audit.record({ action: `case.${k}` })';
  const codes = recordedActions(src, 'x.ts');
  expect(codes[0]).toBe('no.such');
  expect(codes).toContain('case.recordDeath');
  expect(auditActionLabel('no.such')).toBeNull();
  expect(auditActionLabel('toString')).toBeNull();
});

/** `npm run bench` options: --phase runs phases alone, and the new phases' sizes. */
import { parseArgs, PHASES } from '../../bench/phases/args';

describe('parseArgs', () => {
  it('runs every phase by default, at the full sizes the issue names', () => {
    const a = parseArgs([]);
    expect(a.phases).toBeNull();
    for (const p of PHASES) expect(a.skip.has(p)).toBe(false);
    expect(a.queryScales).toEqual([100_000, 1_000_000]);
    expect(a.queryDatabases).toEqual(['sqlite', 'postgres']);
    expect(a.importPersons).toBe(100_000);
    expect(a.importVia).toBe('workflow');
  });

  it('--phase skips every other phase', () => {
    const a = parseArgs(['--phase', 'import', '--persons', '10000', '--import-via', 'activities']);
    expect(a.phases).toEqual(['import']);
    expect([...PHASES].filter((p) => !a.skip.has(p))).toEqual(['import']);
    expect(a.importPersons).toBe(10_000);
    expect(a.importVia).toBe('activities');
    const b = parseArgs(['--phase=queries,production', '--query-databases', 'postgres']);
    expect([...PHASES].filter((p) => !b.skip.has(p))).toEqual(['queries', 'production']);
    expect(b.queryDatabases).toEqual(['postgres']);
  });

  it('refuses an unknown phase, a phase without a name and an unknown import path or database', () => {
    expect(() => parseArgs(['--phase', 'imports'])).toThrow(/unknown phase imports/);
    expect(() => parseArgs(['--phase'])).toThrow(/--phase needs/);
    expect(() => parseArgs(['--import-via', 'http'])).toThrow(/--import-via/);
    expect(() => parseArgs(['--query-databases', 'mysql'])).toThrow(/--query-databases/);
  });
});

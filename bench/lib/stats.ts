/** Small statistics helpers for the benchmark (no dependencies). */

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an unsorted sample (ms). */
export function percentiles(samples: number[]): Percentiles {
  if (samples.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return {
    n: s.length,
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(s[s.length - 1]),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length),
  };
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Milliseconds since an origin, with sub-millisecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `work(i)` for i in [0, n) with at most `concurrency` in flight; rejects on the first failure. */
export async function runPool(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const lanes = Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (failed === null) {
      const i = next++;
      if (i >= n) return;
      try {
        await work(i);
      } catch (err) {
        failed ??= err;
      }
    }
  });
  await Promise.all(lanes);
  if (failed !== null) throw failed;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

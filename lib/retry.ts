/** Retries a connection until it succeeds or `timeoutMs` passes (the dev server takes a few seconds to start). */
export async function connectWithRetry<T>(
  connect: () => Promise<T>,
  opts: { what: string; timeoutMs?: number; log?: { warn: (o: object, m: string) => void } },
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let attempt = 0;
  for (;;) {
    try {
      return await connect();
    } catch (err) {
      attempt += 1;
      if (Date.now() > deadline) throw new Error(`${opts.what} に接続できません: ${(err as Error).message}`);
      if (attempt % 10 === 1) opts.log?.warn({ attempt }, `waiting for ${opts.what}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

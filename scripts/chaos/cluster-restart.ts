/**
 * The production topology's Temporal server (scripts/cluster.ts: server 1.29.1 on PostgreSQL, two workers) restarted
 * while cases run: none may be lost or stuck. Needs PostgreSQL 15 and the built server, so it runs on demand
 * (`npm run chaos -- --cluster`).
 */
import { addBenchPersons } from '../../bench/lifecycle';
import { sleep } from '../../bench/lib/stats';
import { loadConfig } from '../../config';
import { createRepositories } from '../../db';
import { openDatabase } from '../../db/connection';
import { DEMO_INSURER_NO } from '../../db/seeds/demo';
import { jstDateOf } from '../../domain/dates';
import { CertificationService } from '../../web/services/certification';
import { connectTemporal } from '../../web/temporal';
import { startCluster } from '../cluster';
import { phaseRunner, type Row } from './phase';

export async function clusterServerRestart(opts: {
  cases: number;
  concurrency: number;
  restarts: number;
  stuckAfterS: number;
  log: (line: string) => void;
}): Promise<Row[]> {
  const cluster = await startCluster({ seed: true, webs: 0, log: (l) => opts.log(`cluster: ${l}`) });
  const db = openDatabase(cluster.databaseUrl);
  try {
    const config = loadConfig(cluster.appEnv);
    const gateway = await connectTemporal({
      address: cluster.temporalAddress,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      payloadKeys: config.payloadKeys,
    });
    try {
      const client = gateway.client;
      const service = new CertificationService({ repos: createRepositories(db), client, taskQueue: gateway.taskQueue });
      await addBenchPersons(db, DEMO_INSURER_NO, 0, 1 + opts.cases);
      const phase = phaseRunner({
        service,
        client,
        db,
        insurerNo: DEMO_INSURER_NO,
        today: jstDateOf(Date.now()),
        concurrency: opts.concurrency,
        from: 0,
        stuckAfterS: opts.stuckAfterS,
        workerLog: () => '', // PostgreSQL: no SQLITE_BUSY to count
        log: opts.log,
      });
      const rows = [await phase('cluster: none (control case)', 1, async () => 0)];
      rows.push(
        await phase('cluster: Temporal server 1.29.1 on PostgreSQL restarted', opts.cases, async (running) => {
          let restarts = 0;
          while (running() && restarts < opts.restarts) {
            await sleep(500 + Math.random() * 1500);
            if (running()) await cluster.restartServer().then(() => restarts++);
          }
          return restarts;
        }),
      );
      return rows;
    } finally {
      await gateway.close();
    }
  } finally {
    await db.destroy();
    await cluster.stop();
  }
}

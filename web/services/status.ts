import type { Repositories } from '../../db';
import type { TemporalGateway } from '../temporal';

export interface ComponentStatus {
  ok: boolean;
  detail: string;
}
export interface SystemStatus {
  ok: boolean;
  database: ComponentStatus;
  temporal: ComponentStatus;
  worker: ComponentStatus;
  counts?: { insuredPersons: number; openCases: number; openTasks: number; offices: number; users: number };
}

/** What anyone may see (/healthz, the start page before login): up or down per part, no versions, counts or errors. */
export interface PublicStatus {
  ok: boolean;
  database: { ok: boolean };
  temporal: { ok: boolean };
  worker: { ok: boolean };
}

/** Health of the database, the Temporal connection and the worker (pollers on the task queue). */
export class StatusService {
  constructor(
    private readonly repos: Repositories,
    private readonly temporal: TemporalGateway | null,
    private readonly namespace: string,
  ) {}

  /** Up or down per part, for anyone. */
  async checkPublic(): Promise<PublicStatus> {
    const s = await this.check();
    return { ok: s.ok, database: { ok: s.database.ok }, temporal: { ok: s.temporal.ok }, worker: { ok: s.worker.ok } };
  }

  /** With details (versions, errors) and, given an insurer, its counts: for signed-in supervisors only. */
  async check(countsOfInsurer?: string): Promise<SystemStatus> {
    const database = await this.checkDatabase();
    const { temporal, worker } = await this.checkTemporal();
    const status: SystemStatus = { ok: database.ok && temporal.ok && worker.ok, database, temporal, worker };
    if (countsOfInsurer && database.ok) status.counts = await this.repos.system.systemCounts(countsOfInsurer);
    return status;
  }

  private async checkDatabase(): Promise<ComponentStatus> {
    try {
      const info = await this.repos.system.databaseInfo();
      return { ok: true, detail: `${info.client} / マイグレーション ${info.migrations} 件適用済み` };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  private async checkTemporal(): Promise<{ temporal: ComponentStatus; worker: ComponentStatus }> {
    if (!this.temporal) {
      return { temporal: { ok: false, detail: '未接続' }, worker: { ok: false, detail: '不明（Temporal 未接続）' } };
    }
    const service = this.temporal.client.workflowService;
    try {
      const info = await service.getSystemInfo({});
      const temporal = { ok: true, detail: `接続済み（server ${info.serverVersion || 'dev'}）` };
      try {
        const tq = await service.describeTaskQueue({
          namespace: this.namespace,
          taskQueue: { name: this.temporal.taskQueue },
          taskQueueType: 1, // WORKFLOW
        });
        const pollers = tq.pollers?.length ?? 0;
        return {
          temporal,
          worker:
            pollers > 0
              ? { ok: true, detail: `稼働中（ポーラー ${pollers}）` }
              : { ok: false, detail: 'ワーカーが応答していません' },
        };
      } catch (err) {
        return { temporal, worker: { ok: false, detail: (err as Error).message } };
      }
    } catch (err) {
      return { temporal: { ok: false, detail: (err as Error).message }, worker: { ok: false, detail: '不明' } };
    }
  }
}

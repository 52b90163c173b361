/**
 * 認定の設定 (per-insurer settings with effective dates, rule_set 'certification'): saving a version tells every open
 * case of the insurer, which works out its next wake date again from the settings as they now stand
 * (certificationSettingsChangedSignal, workflows/certification/clock.ts). Cases are read and signalled in batches.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Repositories } from '../../db';
import type { CertificationRules } from '../../domain/certification/rules';
import type { IsoDate } from '../../domain/certification/types';
import { certificationSettingsChangedSignal } from '../../workflows/certification/messages';

/** Open cases read per batch, and signals in flight at once. */
export const SETTINGS_SIGNAL_BATCH = 200;
const SIGNALS_IN_FLIGHT = 10;

export class CertificationSettingsService {
  constructor(private readonly deps: { repos: Repositories; client: Client; batchSize?: number }) {}

  /** Saves a settings version, then signals the insurer's open cases. */
  async save(v: {
    insurerNo: string;
    effectiveFrom: IsoDate;
    rules: Partial<CertificationRules>;
    savedBy: string;
  }): Promise<{ signalled: number; gone: number }> {
    await this.deps.repos.rules.saveCertificationRules({
      insurerNo: v.insurerNo,
      effectiveFrom: v.effectiveFrom,
      rules: v.rules,
      createdBy: v.savedBy,
      createdAt: new Date().toISOString(),
    });
    return this.signalOpenCases(v.insurerNo);
  }

  /**
   * certificationSettingsChanged to every open certification case of the insurer. A case that ended meanwhile (its
   * row not yet closed) is counted as gone; any other failure is thrown once the batch has been tried.
   */
  async signalOpenCases(insurerNo: string): Promise<{ signalled: number; gone: number }> {
    const batch = this.deps.batchSize ?? SETTINGS_SIGNAL_BATCH;
    let signalled = 0;
    let gone = 0;
    for (let after: string | null = null; ;) {
      const ids = await this.deps.repos.cases.openCertificationCaseIds(insurerNo, after, batch);
      if (ids.length === 0) break;
      let next = 0;
      const failures: unknown[] = [];
      await Promise.all(
        Array.from({ length: Math.min(SIGNALS_IN_FLIGHT, ids.length) }, async () => {
          while (next < ids.length) {
            const id = ids[next++];
            try {
              await this.deps.client.workflow.getHandle(id).signal(certificationSettingsChangedSignal);
              signalled++;
            } catch (err) {
              if (err instanceof WorkflowNotFoundError) gone++;
              else failures.push(err);
            }
          }
        }),
      );
      if (failures.length) throw failures[0];
      if (ids.length < batch) break;
      after = ids[ids.length - 1];
    }
    return { signalled, gone };
  }
}

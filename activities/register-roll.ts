/** 証の年次切替 activities: one batch of persons (db/register-roll.ts), idempotent, one transaction each. */
import type { Repositories } from '../db';
import type { RollBatchResult } from '../db/register-roll';
import type { IsoDate } from '../domain/certification/types';
import type { Period } from '../domain/register/periods';

export function createRegisterRollActivities({ repos }: { repos: Repositories }) {
  return {
    /** Rolls the current values and opens the missing-certificate tasks of the persons after `after`. */
    async rollRegisterBatch(input: {
      insurerNo: string;
      asOf: IsoDate;
      period: Period;
      after: string | null;
      limit: number;
      at: string;
    }): Promise<RollBatchResult> {
      return repos.registerRoll.rollRegisterBatch(input);
    },
  };
}

/** The contract of the 証の年次切替 (register roll): its input, its result and the Schedule that runs it. */
import type { IsoDate } from '../../domain/certification/types';
import type { Timing } from '../shared/timing';

export const REGISTER_ROLL_WORKFLOW_TYPE = 'registerRollWorkflow';

/** The Temporal Schedule that runs the roll of one insurer on 7/1 and 8/1 (domain/register/roll ROLL_CALENDAR). */
export function registerRollScheduleId(insurerNo: string): string {
  return `register-roll-${insurerNo}`;
}

/** What a run has done so far (carried across continue-as-new). */
export interface RegisterRollTotals {
  persons: number;
  rolled: number;
  opened: number;
  alreadyOpened: number;
}

/** One run for one insurer. The Schedule gives the insurer only; a test or an operator may give the date. */
export interface RegisterRollInput {
  insurerNo: string;
  /** the day the run is for (Japan); default today on the workflow's calendar */
  asOf?: IsoDate;
  timing?: Timing;
  /** continue-as-new: the last 被保険者番号 done, and the totals so far */
  after?: string | null;
  totals?: RegisterRollTotals;
}

/** What a run did, for the period it was about. */
export interface RegisterRollResult extends RegisterRollTotals {
  asOf: IsoDate;
  periodFrom: IsoDate;
  periodTo: IsoDate;
}

import type { IsoDate } from '../../domain/certification/types';

/** Timer policy of every workflow: one "day" of every timer is dayMs milliseconds (tests shrink it; dates stay real). */
export interface Timing {
  /** default 86_400_000 */
  dayMs?: number;
  /** The date (Japan) the workflow's calendar starts on; default the real date. Lets a test run a case on any day. */
  startOn?: IsoDate;
}

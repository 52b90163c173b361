/** Timer policy of every workflow: one "day" of every timer is dayMs milliseconds (tests shrink it; dates stay real). */
export interface Timing {
  /** default 86_400_000 */
  dayMs?: number;
}

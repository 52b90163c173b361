import type { BaselineActivities } from './workflow';

/** Activities of the baseline: they do nothing. */
export function createBaselineActivities(): BaselineActivities {
  return {
    async noop(): Promise<void> {
      // intentionally empty
    },
  };
}

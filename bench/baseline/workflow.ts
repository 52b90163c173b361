/**
 * Bare-Temporal baseline: the same number of Updates and activities (local / regular, in the same order) as one
 * certification case, but the activities do nothing and there is no domain logic. Compare kaigo-flow against it.
 */
import { condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { CaseShape } from './shape';

export interface BaselineActivities {
  noop(step: string): Promise<void>;
}

const regular = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30s' });
const local = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '30s' });

/** Update `n` of the case (0-based); accepted only in order, like a caseworker action on the current stage. */
export const baselineStepUpdate = defineUpdate<{ step: number }, [number]>('baselineStep');

async function runActivities(kinds: string, label: string): Promise<void> {
  for (const k of kinds) {
    if (k === 'L') await local.noop(label);
    else await regular.noop(label);
  }
}

export async function baselineWorkflow(shape: CaseShape): Promise<{ updates: number }> {
  let done = 0;
  let busy = false;
  let started = false;
  setHandler(
    baselineStepUpdate,
    async (n) => {
      busy = true;
      try {
        // Like kaigo-flow's ordered read-model writes: an early Update waits for the start steps to be written.
        await condition(() => started);
        await runActivities(shape.updates[n], `update-${n}`);
      } finally {
        busy = false;
      }
      done = n + 1;
      return { step: done };
    },
    {
      validator: (n) => {
        if (n !== done || busy || n >= shape.updates.length)
          throw new Error(`step ${n} not allowed now (done ${done})`);
      },
    },
  );
  await runActivities(shape.start, 'start');
  started = true;
  await condition(() => done === shape.updates.length);
  await runActivities(shape.end, 'end');
  return { updates: done };
}

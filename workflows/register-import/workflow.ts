/**
 * 基幹システムからの取込: check every row (errors stored with line numbers), then apply the valid rows chunk by chunk;
 * the same file twice changes nothing, a corrected file changes only what differs. Progress is a Query and is kept
 * in register_imports for the page.
 */
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  REGISTER_IMPORT_CHUNK_ROWS,
  registerImportProgressQuery,
  type RegisterImportInput,
  type RegisterImportProgress,
} from './messages';

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumInterval: '1 minute' },
});

export async function registerImportWorkflow(input: RegisterImportInput): Promise<RegisterImportProgress> {
  let progress: RegisterImportProgress = {
    stage: 'checking',
    kind: null,
    total: 0,
    valid: 0,
    invalid: 0,
    applied: 0,
    changed: 0,
    failure: null,
  };
  setHandler(registerImportProgressQuery, () => progress);
  const check = await activities.checkRegisterImport(input.importId);
  progress = {
    ...progress,
    stage: check.failure ? 'failed' : 'applying',
    kind: check.kind,
    total: check.total,
    valid: check.valid,
    invalid: check.total - check.valid,
    failure: check.failure,
  };
  if (check.failure) return progress;
  for (let from = 0; from < check.total; from += REGISTER_IMPORT_CHUNK_ROWS) {
    const done = await activities.applyRegisterImportChunk({
      importId: input.importId,
      from,
      count: REGISTER_IMPORT_CHUNK_ROWS,
      today: input.today,
      uploadedBy: input.uploadedBy,
      appliedBefore: progress.applied,
      changedBefore: progress.changed,
    });
    progress = { ...progress, applied: progress.applied + done.applied, changed: progress.changed + done.changed };
  }
  await activities.finishRegisterImport({
    importId: input.importId,
    applied: progress.applied,
    changed: progress.changed,
  });
  progress = { ...progress, stage: 'done' };
  return progress;
}

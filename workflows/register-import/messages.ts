/** The contract of the 取込 workflow (基幹システムの CSV を台帳へ): its ID, input, progress query and result. */
import { defineQuery } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/certification/types';
import type { ImportKind } from '../../domain/register/import-layout';

/** Workflow ID of one import. */
export function registerImportWorkflowId(insurerNo: string, importId: string): string {
  return `register-import-${insurerNo}-${importId}`;
}

export const REGISTER_IMPORT_WORKFLOW_TYPE = 'registerImportWorkflow';

/** Data rows applied per activity: small enough to retry cheaply, large enough to keep the history short. */
export const REGISTER_IMPORT_CHUNK_ROWS = 2000;

/** Input: the stored file (register_imports.id), who uploaded it and the date the current values are taken on. */
export interface RegisterImportInput {
  importId: string;
  insurerNo: string;
  uploadedBy: string;
  today: IsoDate;
}

/** 取込の進捗. */
export interface RegisterImportProgress {
  stage: 'checking' | 'applying' | 'done' | 'failed';
  kind: ImportKind | null;
  total: number;
  valid: number;
  invalid: number;
  applied: number;
  changed: number;
  failure: string | null;
}

/** 取込の進捗 as the workflow knows it. */
export const registerImportProgressQuery = defineQuery<RegisterImportProgress>('registerImportProgress');

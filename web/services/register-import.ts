/** 台帳の取込: stores an uploaded CSV and starts the import workflow on it (the page and `npm run import` both). */
import type { Client } from '@temporalio/client';
import type { Repositories } from '../../db';
import type { IsoDate } from '../../domain/certification/types';
import {
  REGISTER_IMPORT_WORKFLOW_TYPE,
  registerImportWorkflowId,
  type RegisterImportInput,
} from '../../workflows/register-import/messages';

/** A file to import, and who brings it. */
export interface ImportUpload {
  insurerNo: string;
  fileName: string;
  content: string;
  uploadedBy: string;
  today: IsoDate;
}

export class RegisterImportService {
  constructor(private readonly deps: { repos: Repositories; client: Client; taskQueue: string }) {}

  /** Stores the file and starts its workflow; returns the import's id and the workflow's handle. */
  async start(upload: ImportUpload) {
    const now = new Date();
    const importId = `${now
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(0, 14)}-${Math.random().toString(36).slice(2, 8)}`;
    await this.deps.repos.registerImports.createImport({
      id: importId,
      insurerNo: upload.insurerNo,
      fileName: upload.fileName,
      content: upload.content,
      uploadedBy: upload.uploadedBy,
      uploadedAt: now.toISOString(),
    });
    const input: RegisterImportInput = {
      importId,
      insurerNo: upload.insurerNo,
      uploadedBy: upload.uploadedBy,
      today: upload.today,
    };
    const handle = await this.deps.client.workflow.start(REGISTER_IMPORT_WORKFLOW_TYPE, {
      taskQueue: this.deps.taskQueue,
      workflowId: registerImportWorkflowId(upload.insurerNo, importId),
      args: [input],
    });
    return { importId, handle };
  }
}

import { createRepositories, type Repositories } from '../db';
import type { ProgressRecord } from '../db/read-model';
import { createCertificationActivities } from './certification';
import type { ActivityDeps } from './deps';
import { createPlanNotificationActivities } from './plan-notification';
import { createRegisterImportActivities } from './register-import';
import { createRegisterRollActivities } from './register-roll';
import { issueLetter, type NoticeRequest } from './notices';

/** The office a 居宅届 notice goes to: its round's office. */
function officeNoOf(data: Record<string, unknown>): string | null {
  const round = data.round as { office?: { officeNo?: unknown } } | undefined;
  return typeof round?.office?.officeNo === 'string' ? round.office.officeNo : null;
}

/** Read-model and document activities shared by every workflow. All are idempotent. */
export function createCommonActivities(
  { repos }: { repos: Repositories },
  { stepsPerTransaction }: Pick<ActivityDeps, 'stepsPerTransaction'> = {},
) {
  const progress = repos.readModel.writer(stepsPerTransaction);
  return {
    /** Writes one workflow step (case row, event, tasks) to the read model; returns once it is committed. */
    async recordProgress(record: ProgressRecord): Promise<void> {
      await progress.write(record);
    },
    /**
     * Numbers, renders and stores a notice of a workflow that names no person (the 居宅届 notices, to the filing
     * office) under `${workflowId}:${key}`; the insurer is the case's.
     */
    async issueNotice(input: NoticeRequest): Promise<string> {
      const insurerNo = await repos.notices.insurerOfCase(input.workflowId);
      if (!insurerNo) throw new Error(`案件 ${input.workflowId} がありません`);
      return issueLetter(repos, input, { insurerNo, officeNo: officeNoOf(input.data) });
    },
    /** Queues an outbound record (e.g. 受給者異動 for 国保連) once per `${workflowId}:${key}`. */
    async enqueueOutbox(input: {
      workflowId: string;
      key: string;
      kind: string;
      payload: Record<string, unknown>;
      createdAt: string;
    }): Promise<void> {
      await repos.readModel.enqueueOutbox({
        id: `${input.workflowId}:${input.key}`,
        kind: input.kind,
        payload: input.payload,
        createdAt: input.createdAt,
      });
    },
  };
}

/** Every activity the worker registers, built around injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  const repos = createRepositories(deps.db);
  return {
    ...createCommonActivities({ repos }, deps),
    ...createCertificationActivities({ repos }),
    ...createPlanNotificationActivities({ repos }),
    ...createRegisterImportActivities({ repos }),
    ...createRegisterRollActivities({ repos }),
  };
}

export type Activities = ReturnType<typeof createActivities>;

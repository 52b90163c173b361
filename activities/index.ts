import { createRepositories, type Repositories } from '../db';
import type { ProgressRecord } from '../db/read-model';
import { createCertificationActivities } from './certification';
import type { ActivityDeps } from './deps';
import { createPlanNotificationActivities } from './plan-notification';
import { createRegisterImportActivities } from './register-import';
import { createRegisterRollActivities } from './register-roll';
import { NoticeRequest, renderNoticeHtml } from './notices';

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
    /** Renders a notice from templates/notices and stores it under `${workflowId}:${key}`. */
    async issueNotice(input: NoticeRequest): Promise<string> {
      const id = `${input.workflowId}:${input.key}`;
      const html = renderNoticeHtml(input.template, { ...input.data, title: input.title, issuedAt: input.issuedAt });
      await repos.readModel.storeNotice({
        id,
        workflowId: input.workflowId,
        kind: input.kind,
        title: input.title,
        html,
        createdAt: input.issuedAt,
      });
      return id;
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

/**
 * 居宅サービス計画作成依頼（変更）届出 (居宅届): the care office files (update-with-start), the 給付係 reviews and
 * accepts or returns it (返戻), the office corrects and refiles; on acceptance the 被保険者証 field H, the 担当事業所
 * and a 受給者異動 record for the 国保連 are written and a 受理通知 is issued [S67] [S67d] [S71] [S72].
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../../activities';
import type { PlanFilingCheckResult } from '../../activities/plan-notification';
import type { IsoDate } from '../../domain/certification/types';
import { jstDateOf } from '../../domain/dates';
import { WorkflowClock } from '../shared/clock';
import {
  acceptPlanUpdate,
  FileCommand,
  filePlanUpdate,
  PLAN_FILING_REFUSED,
  PlanNotificationResult,
  PlanNotificationSnapshot,
  planNotificationSnapshotQuery,
  PlanNotificationStart,
  refilePlanUpdate,
  returnPlanUpdate,
  reviewPlanUpdate,
  withdrawPlanUpdate,
} from './messages';
import { PlanNotificationState, Step } from './state';

const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '15 seconds' });
const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** A run started without its first filing (no update-with-start) gives up after this. */
const FIRST_FILING_WAIT = '1 hour';

const nowIso = (): string => new Date().toISOString();

export async function planNotificationWorkflow(start: PlanNotificationStart): Promise<PlanNotificationResult> {
  const state = new PlanNotificationState(start, workflowInfo().workflowId);
  const record = progressRecorder(state);
  const clock = new WorkflowClock(start.timing);
  registerHandlers(state, record, () => clock.today());

  if (!(await condition(() => state.stage !== 'new', FIRST_FILING_WAIT))) return state.result('abandoned');
  while (!state.isFinal()) {
    await condition(() => state.isFinal() || state.pendingReturnNotices.length > 0);
    await issueReturnNotices(state);
  }
  await issueReturnNotices(state);
  if (state.stage === 'accepted') await completeAcceptance(state, record);
  await condition(allHandlersFinished);
  return state.result(state.stage === 'accepted' ? 'accepted' : state.stage === 'withdrawn' ? 'withdrawn' : 'refused');
}

/** Writes read-model steps one after another (recordProgress ignores a seq lower than the last one written). */
function progressRecorder(state: PlanNotificationState) {
  let chain: Promise<void> = Promise.resolve();
  return (step: Step): Promise<void> => {
    const record = { ...step, workflowId: state.workflowId, seq: ++state.seq, occurredAt: nowIso() };
    const next = chain.catch(() => undefined).then(() => local.recordProgress(record));
    chain = next;
    return next;
  };
}

type Recorder = ReturnType<typeof progressRecorder>;

function registerHandlers(state: PlanNotificationState, record: Recorder, today: () => IsoDate): void {
  setHandler(planNotificationSnapshotQuery, () => state.snapshot());
  const handle = <C>(
    def: UpdateDefinition<PlanNotificationSnapshot, [C]>,
    validate: (c: C) => void,
    run: (c: C) => Promise<void>,
  ) =>
    setHandler(
      def,
      async (cmd: C) => {
        await run(cmd);
        return state.snapshot();
      },
      { validator: validate },
    );

  const fileRound = async (cmd: FileCommand) => {
    const check = await checkFiling(state, cmd, today());
    if (check.errors.length > 0) {
      if (state.stage === 'new') state.refused(check.errors);
      throw ApplicationFailure.create({
        type: PLAN_FILING_REFUSED,
        message: check.errors.map((e) => e.message).join(' / '),
        details: [check.errors, check.warnings],
        nonRetryable: true,
      });
    }
    await record(state.filed(cmd, check, nowIso(), today()));
  };
  const filed = (c: FileCommand) => ({ insuredNo: c.filing.person.insuredNo });
  handle(filePlanUpdate, (c) => state.assertCan('file', c.actor, filed(c)), fileRound);
  handle(refilePlanUpdate, (c) => state.assertCan('refile', c.actor, filed(c)), fileRound);
  handle(
    reviewPlanUpdate,
    (c) => state.assertCan('review', c.actor),
    (c) => record(state.reviewed(c, nowIso())),
  );
  handle(
    acceptPlanUpdate,
    (c) => state.assertCan('accept', c.actor, { note: c.note }),
    (c) => record(state.accepted(c, nowIso(), today())),
  );
  handle(
    returnPlanUpdate,
    (c) => state.assertCan('return', c.actor, { reason: c.reason }),
    (c) => record(state.returned(c, nowIso())),
  );
  handle(
    withdrawPlanUpdate,
    (c) => state.assertCan('withdraw', c.actor, { reason: c.reason }),
    (c) => record(state.withdrawn(c, nowIso())),
  );
}

/** 受付時の確認 (person, certification vs office kind, open filings, dates, identity) against the database. */
async function checkFiling(
  state: PlanNotificationState,
  cmd: FileCommand,
  filedOn: IsoDate,
): Promise<PlanFilingCheckResult> {
  state.busy = true;
  try {
    return await local.checkPlanFiling({
      workflowId: state.workflowId,
      insurerNo: state.start.insurerNo,
      officeNo: state.start.officeNo,
      filing: cmd.filing,
      filedOn,
    });
  } finally {
    state.busy = false;
  }
}

/** 返戻通知, once per returned round. */
async function issueReturnNotices(state: PlanNotificationState): Promise<void> {
  while (state.pendingReturnNotices.length > 0) {
    const round = state.rounds[state.pendingReturnNotices[0] - 1];
    await activities.issueNotice({
      workflowId: state.workflowId,
      key: `returned-${round.n}`,
      kind: 'plan_returned',
      title: '居宅サービス計画作成依頼（変更）届出書の返戻について',
      template: 'plan-returned',
      data: {
        insurerName: state.insurerName,
        filingNo: state.start.filingNo,
        round,
        returnedOn: jstDateOf(Date.parse(round.decidedAt!)),
      },
      issuedAt: round.decidedAt!,
    });
    state.pendingReturnNotices.shift();
  }
}

/** 受理の反映: 被保険者証 field H and 担当事業所, the 受給者異動 for the 国保連, the 受理通知. */
async function completeAcceptance(state: PlanNotificationState, record: Recorder): Promise<void> {
  const round = state.current!;
  const { filing, office } = round;
  const at = round.decidedAt!;
  const applied = await activities.applyPlanAcceptance({
    workflowId: state.workflowId,
    insurerNo: state.start.insurerNo,
    insuredNo: filing.person.insuredNo,
    officeNo: office.officeNo,
    startDate: filing.startDate,
    notifiedOn: state.notifiedOn!,
    updatedAt: at,
  });
  await activities.enqueueOutbox({
    workflowId: state.workflowId,
    key: 'beneficiary-change',
    kind: 'kokuhoren_beneficiary_change',
    payload: {
      insurerNo: state.start.insurerNo,
      insuredNo: filing.person.insuredNo,
      filingKind: filing.kind,
      officeNo: office.officeNo,
      officeKind: office.kind,
      startDate: filing.startDate,
      notifiedOn: state.notifiedOn,
      previousOfficeNo: filing.change?.previousOfficeNo ?? null,
      endedAssignments: applied.endedAssignments,
    },
    createdAt: at,
  });
  const noticeId = await activities.issueNotice({
    workflowId: state.workflowId,
    key: 'accepted',
    kind: 'plan_accepted',
    title: '居宅サービス計画作成依頼（変更）届出 受理通知',
    template: 'plan-accepted',
    data: {
      insurerName: state.insurerName,
      filingNo: state.start.filingNo,
      round,
      acceptedOn: state.acceptedOn,
      notifiedOn: state.notifiedOn,
    },
    issuedAt: at,
  });
  await record({
    event: { type: 'plan_acceptance_applied', payload: { endedAssignments: applied.endedAssignments, noticeId } },
  });
}

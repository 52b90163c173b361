/**
 * 要介護認定: one application from 申請受付 to 結果通知, read like the paper process:
 * 申請受付 → (認定調査 ∥ 主治医意見書 + 督促) → 一次判定 → 審査会 → 二次判定 → 処分・結果通知.
 * The 30-day rule (延期通知), the 督促 and the SLA clock run beside it on one timer (clock.ts). 取下げ・死亡・転出・却下 end it at
 * any time before the decision. Human steps are Updates (see messages.ts); each returns once the read model shows it.
 * The 更新勧奨 is not started here: the daily batch (renewal-sweep) starts it when the expiry comes near.
 */
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../../activities';
import { SYSTEM_ACTOR_NAME } from '../../domain/actor';
import { interimSettlementDue } from '../../domain/certification/interim';
import { caseStageKey, changedAttributes, decisionDueKey, insurerNoKey } from '../search-attributes';
import { WorkflowClock } from '../shared/clock';
import {
  certificationSnapshotQuery,
  certificationUpdates,
  type CertificationActionKind,
  type CertificationInput,
  type CertificationResult,
  type ActionReceipt,
  type Command,
} from './messages';
import { applyAction } from './actions';
import { caseClock, dailyCheck, SPARSE_WAKE_REVISION } from './clock';
import { CertificationState, type PreviousCertification, type Step } from './state';
import * as steps from './steps';
import { checkCommand, validateCommand } from './validation';

/** The revision from which the intake consent is recorded beside the work, so the 一次判定 never waits on it. */
const CONSENT_BESIDE_WORK_REVISION = 3;

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/** Writes a step to the read model; resolves with its seq once written. */
type RecordStep = (step: Step) => Promise<number>;

/** 要介護認定の一件: from 申請受付 to 結果通知 (or 取下げ・却下・転出). */
export async function certificationWorkflow(input: CertificationInput): Promise<CertificationResult> {
  const { workflowId } = workflowInfo();
  // Handlers must exist in the first activation, before the rules are loaded; they wait for `live` to be set.
  const live: Live = {};
  registerHandlers(live);
  const clock = new WorkflowClock(input.timing);
  const rules = await activities.loadRules(input.insurerNo, input.appliedOn);
  const person = await activities.loadInsuredPerson(input.insurerNo, input.insuredNo, input.appliedOn);
  const previous: PreviousCertification = {
    level: person?.careLevel ?? null,
    validFrom: person?.validFrom ?? null,
    validTo: person?.validTo ?? null,
    planOfficeNo: person?.planOfficeNo ?? null,
  };
  const state = new CertificationState(input, rules, previous, clock, workflowId);
  const record = progressWriter(state);
  // 申請受付 (seq 1) and the 主治医意見書依頼書 are recorded before any Update can write.
  const receipt = Promise.all([
    record(steps.received(state)),
    // An opinion the applicant brought needs no request (input.opinionBroughtAtIntake; absent in older cases).
    state.isTransferIn
      ? null
      : record(input.opinionBroughtAtIntake ? steps.opinionBrought(state) : steps.opinionRequested(state)),
  ]);
  Object.assign(live, { state, record });
  const startAttributes = [
    { key: insurerNoKey, value: input.insurerNo },
    { key: decisionDueKey, value: new Date(`${state.dueOn}T00:00:00+09:00`) },
  ] as const;
  // The service sets these at start (certificationStartAttributes); a starter that did not gets them in one upsert.
  upsertChanged([...startAttributes]);
  await receipt;
  // The 情報基盤 consent is recorded beside the work, not before it: the 一次判定, and with it 審査会の割当, must not
  // wait on this activity (on a cluster its first dispatch can take a second while the Updates run on).
  const { consent } = input;
  let consentRecorded: Promise<void> = Promise.resolve();
  if (consent) {
    const recordConsent = () => activities.recordIntakeConsent({ workflowId, insuredNo: input.insuredNo, consent });
    if ((input.revision ?? 1) >= CONSENT_BESIDE_WORK_REVISION) {
      consentRecorded = recordConsent();
      consentRecorded.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    } else await recordConsent();
  }

  // The work runs in its own scope, so an ending (取下げ etc.) cancels every timer and wait at once.
  const work = new CancellationScope();
  const processing = work.run(() => processCase(state, record));
  await Promise.race([processing, condition(() => state.endedByAction)]);
  if (state.endedByAction) work.cancel();
  await processing.catch((err) => {
    if (!isCancellation(err)) throw err;
  });
  await consentRecorded;
  // 暫定利用 exists only in cases that recorded it (an Update older histories never had), so the marker costs
  // nothing elsewhere; a self-paid use keeps the case running until the 給付係 has settled it.
  if (state.interim && patched('interim-services')) {
    await record(steps.interimSettled(state));
    await condition(() => !interimSettlementDue(state.interim));
  }
  await condition(allHandlersFinished);
  return state.result();
}

async function processCase(state: CertificationState, record: RecordStep): Promise<void> {
  if (state.isTransferIn) {
    // 転入者継続: no survey, no opinion, no board; the 処分 follows the 受給資格証明書 at intake.
    await record(steps.decided(state, SYSTEM_ACTOR_NAME, state.clock.today()));
    return notify(state, record);
  }
  const clocks =
    (state.input.revision ?? 1) >= SPARSE_WAKE_REVISION ? caseClock(state, record) : dailyCheck(state, record);
  clocks.catch(() => undefined); // a cancelled case rejects them; processCase's own rejection reports it
  await condition(() => state.documentsIn); // 認定調査 ∥ 主治医意見書 (Updates)
  await record(steps.primaryJudged(state)); // 一次判定
  await condition(() => state.decision != null); // 審査会 → 二次判定 → 処分の決定（・決裁） (Updates)
  const breach = steps.deadlineBreached(state);
  if (breach) await record(breach);
  await notify(state, record);
  await clocks;
}

/** After the 処分: 被保険者証, 国保連への受給者異動, 結果通知書. */
async function notify(state: CertificationState, record: RecordStep): Promise<void> {
  const { workflowId } = workflowInfo();
  const d = state.decision!;
  const level = state.result().finalLevel!;
  const now = new Date().toISOString();
  if (d.validFrom && d.validTo) {
    await activities.applyCertificationToInsuredPerson({
      insuredNo: state.input.insuredNo,
      careLevel: level,
      validFrom: d.validFrom,
      validTo: d.validTo,
      certifiedOn: d.decidedOn,
      boardOpinion: state.secondary?.careNotes ?? null,
      serviceTypeRestriction: state.secondary?.serviceTypeRestriction ?? null,
      updatedAt: now,
    });
    await activities.enqueueOutbox({
      workflowId,
      key: 'kokuhoren-beneficiary',
      kind: 'kokuhoren_beneficiary_change',
      payload: {
        insurerNo: state.input.insurerNo,
        insuredNo: state.input.insuredNo,
        careLevel: level,
        validFrom: d.validFrom,
        validTo: d.validTo,
        certifiedOn: d.decidedOn,
      },
      createdAt: now,
    });
  }
  await record(steps.notified(state));
}

/** The case once initialised (rules loaded, 申請受付 recorded). */
interface Live {
  state?: CertificationState;
  record?: RecordStep;
}

/**
 * Query and one Update per human action; each validator rejects wrong role or wrong state without a trace. An Update
 * that arrives while the case is still initialising is checked again once it is.
 */
function registerHandlers(live: Live): void {
  setHandler(certificationSnapshotQuery, () => {
    if (!live.state) throw new Error('申請を受付処理中です');
    return live.state.snapshot();
  });
  for (const kind of Object.keys(certificationUpdates) as CertificationActionKind[]) {
    const update = certificationUpdates[kind] as UpdateDefinition<ActionReceipt, [Command]>;
    setHandler(
      update,
      async (cmd: Command) => {
        if (!live.state) {
          await condition(() => live.state !== undefined);
          validateCommand(live.state!.view(), cmd, kind);
        }
        const { state, record } = live as Required<Live>;
        const seq = await record(applyAction(state, cmd));
        return state.receipt(seq);
      },
      {
        validator: (cmd: Command) =>
          live.state ? validateCommand(live.state.view(), cmd, kind) : checkCommand(cmd, kind),
      },
    );
  }
}

/** 決定 is followed at once by 結果通知 without anyone acting: the search attribute goes straight to 'notified'. */
const PASSING_STAGES: ReadonlySet<string> = new Set(['decided']);

function upsertChanged(pairs: Parameters<typeof changedAttributes>[1]): void {
  const changed = changedAttributes(workflowInfo().typedSearchAttributes, pairs);
  if (changed.length > 0) upsertSearchAttributes(changed);
}

/**
 * Writes steps to the read model in order: a deterministic seq per step, one LOCAL activity per write (so an Update
 * returns only once its step is visible), notices rendered first. The stage search attribute follows the read model:
 * when a write starts, unless a later step has already moved the stage on (received → investigating within the
 * first activation is one upsert, not two).
 */
function progressWriter(state: CertificationState): RecordStep {
  const { workflowId } = workflowInfo();
  let seq = 0;
  let tail: Promise<unknown> = Promise.resolve();
  let stage: string | null = null;
  return (step: Step) => {
    const n = ++seq;
    const occurredAt = new Date().toISOString();
    const nextStage = step.case?.stage;
    if (nextStage) stage = nextStage;
    const write = async () => {
      // Only the stage a case settles in is upserted: each upsert is a visibility write on the server.
      if (nextStage && nextStage === stage && !PASSING_STAGES.has(nextStage)) {
        upsertChanged([{ key: caseStageKey, value: nextStage }]);
      }
      if (step.notice) {
        const { insurerNo, insuredNo } = state.input;
        await local.issueCertificationNotice({
          workflowId,
          insurerNo,
          insuredNo,
          ...step.notice,
          issuedAt: occurredAt,
        });
      }
      const { notice: _notice, ...progress } = step;
      await local.recordProgress({ workflowId, seq: n, occurredAt, ...progress });
      return n;
    };
    const written = tail.then(write);
    tail = written.catch(() => undefined);
    return written;
  };
}

/**
 * What each human action (Update) does to a 要介護認定 case: one function per action kind, each changing the state
 * and returning the Step the read model records. The validators (validation.ts) have accepted the command before.
 */
import { boardMetDate } from '../../domain/certification/board';
import { decisionNeedsApproval } from '../../domain/certification/decision';
import { addDays, formatWareki } from '../../domain/dates';
import type { Command } from './messages';
import type { CertificationState, Step, TaskClose } from './state';
import * as steps from './steps';

const close = (key: string, by: string | null = null): TaskClose => ({ key, status: 'completed', by });
const DECEASED_REASON = '認定調査の実施前に申請者が死亡し、審査判定に必要な資料が得られないため';

export function assignSurveyor(s: CertificationState, { actor, action: a }: Command<'assignSurveyor'>): Step {
  Object.assign(s.survey, {
    requestedOn: s.clock.today(),
    surveyorKind: a.surveyorKind,
    surveyorName: a.surveyorName,
    officeNo: a.officeNo ?? null,
  });
  return s.step(
    actor,
    'survey_assigned',
    {
      surveyorKind: a.surveyorKind,
      surveyorName: a.surveyorName,
      officeNo: a.officeNo ?? null,
      surveyorLoginId: a.surveyorLoginId || null,
    },
    {
      closeTasks: [close('survey-assign', actor.loginId)],
      openTasks: [
        {
          ...s.task('survey-visit', {
            detail: '訪問日の設定・調査結果の登録',
            dueOn: s.surveyDueOn(),
            officeNo: a.officeNo,
          }),
          assigneeLoginId: a.surveyorLoginId || null,
        },
      ],
    },
  );
}

export function scheduleSurvey(s: CertificationState, { actor, action: a }: Command<'scheduleSurvey'>): Step {
  s.survey.visitOn = a.visitOn;
  return s.step(
    actor,
    'survey_scheduled',
    { visitOn: a.visitOn },
    {
      openTasks: [
        s.task('survey-visit', {
          detail: `訪問予定 ${formatWareki(a.visitOn)}`,
          dueOn: a.visitOn,
          officeNo: s.survey.officeNo,
        }),
      ],
    },
  );
}

export function completeSurvey(s: CertificationState, { actor, action: a }: Command<'completeSurvey'>): Step {
  Object.assign(s.survey, {
    completedOn: a.surveyedOn,
    standardMinutes: a.standardMinutes,
    dementia: a.dementia,
    specialNotes: a.specialNotes ?? null,
    dementiaProbabilityIIOrHigher: a.dementiaProbabilityIIOrHigher ?? null,
    unstableCondition: a.unstableCondition === true,
  });
  if (s.documentsIn) s.bothDocumentsOn = s.clock.today(); // the board's SLA clock starts here
  return s.step(
    actor,
    'survey_completed',
    { surveyedOn: a.surveyedOn, standardMinutes: a.standardMinutes, dementia: a.dementia },
    {
      closeTasks: [close('survey-visit', actor.loginId)],
    },
  );
}

export function receiveOpinion(s: CertificationState, { actor, action: a }: Command<'receiveOpinion'>): Step {
  Object.assign(s.opinion, { receivedOn: a.receivedOn, dementia: a.dementia });
  if (s.documentsIn) s.bothDocumentsOn = s.clock.today(); // the board's SLA clock starts here
  return s.step(
    actor,
    'opinion_received',
    { receivedOn: a.receivedOn, dementia: a.dementia },
    {
      closeTasks: [close('opinion-receive', actor.loginId)],
    },
  );
}

export function hold(s: CertificationState, { actor, action: a }: Command<'hold'>): Step {
  (a.track === 'survey' ? s.survey : s.opinion).hold = a.reason;
  s.holds[a.track].push({ from: s.clock.today(), to: null });
  return s.step(actor, 'hold', { track: a.track, reason: a.reason });
}

export function resume(s: CertificationState, { actor, action: a }: Command<'resume'>): Step {
  (a.track === 'survey' ? s.survey : s.opinion).hold = null;
  const open = s.holds[a.track].at(-1);
  if (open) open.to = s.clock.today();
  return s.step(actor, 'resume', { track: a.track });
}

export function scheduleBoard(s: CertificationState, { actor, action: a }: Command<'scheduleBoard'>): Step {
  s.board = { panel: a.panel, boardOn: a.boardOn, metOn: null };
  s.stage = 'board_scheduled';
  // With the board's date the 処分 date is known better: a 延期通知 that no longer needs to go out (the decision now
  // lands by the due date, or within the current validity of a 更新 with consent) is withdrawn, not left to be sent.
  const due = s.postponementDue;
  const notNeeded = due && !steps.postponementCheck(s).required ? due.n : null;
  if (notNeeded) s.postponementDue = null;
  return s.step(
    actor,
    'board_scheduled',
    { panel: a.panel, boardOn: a.boardOn, ...(notNeeded ? { postponementWithdrawn: notNeeded } : {}) },
    {
      closeTasks: [
        close('board-schedule', actor.loginId),
        ...(notNeeded ? [{ key: `postponement-${notNeeded}`, status: 'cancelled' as const, by: null }] : []),
      ],
      openTasks: [s.task('board-decide', { detail: `${a.panel} ${formatWareki(a.boardOn)}`, dueOn: a.boardOn })],
    },
  );
}

export function recordSecondaryJudgement(
  s: CertificationState,
  { actor, action: a }: Command<'recordSecondaryJudgement'>,
): Step {
  const nonApplicable = a.finalLevel === 'non_applicable';
  s.secondary = {
    finalLevel: a.finalLevel,
    months: nonApplicable ? 0 : a.months,
    careNotes: a.careNotes ?? null,
    serviceTypeRestriction: a.serviceTypeRestriction ?? null,
    reason: a.reason?.trim() || null,
  };
  const metOn = boardMetDate(s.board!.boardOn, a.boardMetOn);
  s.board!.metOn = metOn;
  s.secondaryOn = metOn;
  s.stage = 'judged';
  return s.step(
    actor,
    'secondary_judged',
    { ...s.secondary, primaryLevel: s.primaryLevel, boardMetOn: metOn },
    {
      case: { final_level: a.finalLevel },
      closeTasks: [close('board-decide', actor.loginId)],
      openTasks: [
        s.task('decision', {
          detail: steps.decisionPreview(s),
          dueOn: addDays(metOn, s.rules.boardToDecisionDays),
        }),
      ],
    },
  );
}

/**
 * 処分の決定: final at once when no 決裁 is needed (or the 係長 decides), else it waits for the 係長 with the date
 * entered. The 処分 and the 結果通知書 follow in the workflow (decideAndNotify).
 */
export function decide(s: CertificationState, { actor, action: a }: Command<'decide'>): Step {
  const decidedOn = a.decidedOn || s.clock.today();
  if (decisionNeedsApproval(s.rules, actor.role)) {
    s.pendingDecision = { decidedOn, by: actor.loginId };
    s.stage = 'awaiting_approval';
    return s.step(
      actor,
      'decision_proposed',
      { decidedOn },
      {
        closeTasks: [close('decision', actor.loginId)],
        openTasks: [s.task('decision-approve', { detail: steps.decisionPreview(s), dueOn: decidedOn })],
      },
    );
  }
  return steps.decided(s, actor.loginId, decidedOn, [close('decision', actor.loginId)]);
}

/** 処分の決裁: the 処分 takes the 決裁 date. */
export function approveDecision(s: CertificationState, { actor, action: a }: Command<'approveDecision'>): Step {
  const approvedOn = a.approvedOn || s.clock.today();
  const proposedBy = s.pendingDecision!.by;
  s.pendingDecision = null;
  return steps.decided(s, actor.loginId, approvedOn, [close('decision-approve', actor.loginId)], { proposedBy });
}

export function recordPostponementNotice(
  s: CertificationState,
  { actor, action: a }: Command<'recordPostponementNotice'>,
): Step {
  const due = s.postponementDue!;
  const record = {
    n: due.n,
    noticeOn: s.clock.today(),
    expectedDecisionOn: a.expectedDecisionOn ?? due.expectedDecisionOn,
    reason: a.reason ?? due.reason,
  };
  s.postponements.push(record);
  s.postponementDue = null;
  return s.step(actor, 'postponement_notified', record, {
    closeTasks: [close(`postponement-${record.n}`, actor.loginId)],
    openTasks: s.officeNotice('office-postponement', { n: record.n }),
    notice: s.notice(
      `postponement-${record.n}`,
      'postponement',
      '介護保険要介護認定・要支援認定延期通知書',
      'postponement',
      {
        ...record,
        dueOn: s.dueOn,
      },
    ),
  });
}

export function withdraw(s: CertificationState, { actor, action: a }: Command<'withdraw'>): Step {
  s.endedOn = a.withdrawnOn;
  return s.end(actor, 'withdrawn', 'withdrawn', a.reason, { withdrawnOn: a.withdrawnOn });
}

export function recordDeath(s: CertificationState, { actor, action: a }: Command<'recordDeath'>): Step {
  s.deceasedOn = a.diedOn;
  if (!s.survey.completedOn && !s.isTransferIn) {
    s.endedOn = a.diedOn;
    return s.end(actor, 'rejected', 'rejected_deceased', DECEASED_REASON, { diedOn: a.diedOn });
  }
  return s.step(actor, 'deceased', { diedOn: a.diedOn, continues: true });
}

export function recordMoveOut(s: CertificationState, { actor, action: a }: Command<'recordMoveOut'>): Step {
  return s.end(actor, 'closed', 'moved_out', '転出のため', { movedOutOn: a.movedOutOn });
}

export function reject(s: CertificationState, { actor, action: a }: Command<'reject'>): Step {
  return s.end(actor, 'rejected', 'rejected', a.reason, {});
}

/** 暫定利用の登録: kept on the case; whether it is self-paid is judged when the case ends (steps.interimSettled). */
export function recordInterimUse(s: CertificationState, { actor, action: a }: Command<'recordInterimUse'>): Step {
  s.interim = {
    officeNo: a.officeNo,
    startOn: a.startOn,
    assumedLevel: a.assumedLevel,
    recordedBy: actor.loginId,
    recordedOn: s.clock.today(),
    selfPaid: null,
  };
  return s.step(actor, 'interim_use_recorded', {
    officeNo: a.officeNo,
    startOn: a.startOn,
    assumedLevel: a.assumedLevel,
    byOffice: actor.officeNo ?? null,
  });
}

/** 暫定利用の精算: the 給付係 closes the self-paid task with a note; the case's workflow then completes. */
export function settleInterim(s: CertificationState, { actor, action: a }: Command<'settleInterim'>): Step {
  const selfPaid = s.interim!.selfPaid!;
  selfPaid.settledOn = s.clock.today();
  selfPaid.note = a.note;
  return s.step(actor, 'interim_settled', { note: a.note }, { closeTasks: [close('interim-settle', actor.loginId)] });
}

const ACTIONS: { [K in Command['action']['kind']]: (s: CertificationState, cmd: Command<K>) => Step } = {
  assignSurveyor,
  scheduleSurvey,
  completeSurvey,
  receiveOpinion,
  hold,
  resume,
  scheduleBoard,
  recordSecondaryJudgement,
  recordPostponementNotice,
  decide,
  approveDecision,
  withdraw,
  recordDeath,
  recordMoveOut,
  reject,
  recordInterimUse,
  settleInterim,
};

/** Applies a validated command to the case. */
export function applyAction(s: CertificationState, cmd: Command): Step {
  return (ACTIONS[cmd.action.kind] as (s: CertificationState, cmd: Command) => Step)(s, cmd);
}

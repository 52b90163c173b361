/**
 * Update validators of the 要介護認定 workflow: the command's shape, the actor's role (domain/access `can`), the case's
 * state and the fields. They only read state and throw an ApplicationFailure with a Japanese reason, so a rejected
 * command leaves no trace in the history.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { can } from '../../domain/access';
import { validateSecondaryJudgement } from '../../domain/certification/board';
import { CARE_LEVELS, DEMENTIA_INDEPENDENCE } from '../../domain/certification/types';
import { compareDates, isValidIsoDate } from '../../domain/dates';
import { roleLabel } from '../../domain/glossary';
import { isOfficeNumber } from '../../domain/people/identifiers';
import {
  CERTIFICATION_ACTION_LABELS,
  CERTIFICATION_ACTION_PERMISSIONS,
  type CertificationAction,
  type CertificationActionKind,
  type Command,
} from './messages';
import type { CertificationState } from './state';

const fail = (message: string) => ApplicationFailure.create({ message, nonRetryable: true });

/** The part of validation that needs no case state: the command's shape and the actor's role. */
export function checkCommand(cmd: Command | undefined, kind: CertificationActionKind): void {
  const { actor, action } = cmd ?? ({} as Partial<Command>);
  if (!actor || !action || action.kind !== kind) throw fail('操作の内容が不正です');
  if (!can(actor.role, CERTIFICATION_ACTION_PERMISSIONS[action.kind])) {
    throw fail(`${roleLabel(actor.role)}は「${CERTIFICATION_ACTION_LABELS[action.kind]}」を行えません`);
  }
}

/** Throws an ApplicationFailure with a Japanese reason when the actor may not do this now. */
export function validateCommand(s: CertificationState, cmd: Command, kind: CertificationActionKind): void {
  checkCommand(cmd, kind);
  const { action } = cmd;
  const why = refusal(s, action.kind) ?? fieldErrors(s, action).join(' / ');
  if (why) throw fail(why);
}

/** Why `kind` is not possible in the current state (null when it is). */
export function refusal(s: CertificationState, kind: CertificationActionKind): string | null {
  if (s.outcome) return 'この申請は既に終了しています';
  if (s.isDecided) return '既に審査判定が済んでいるため、この操作はできません';
  const sv = s.survey;
  const o = s.opinion;
  const noSurvey = s.isTransferIn ? '転入者継続の申請には認定調査がありません' : null;
  switch (kind) {
    case 'assignSurveyor':
      return noSurvey ?? (sv.completedOn ? '認定調査は完了しています' : sv.hold ? '認定調査は保留中です' : null);
    case 'scheduleSurvey':
    case 'completeSurvey':
      if (noSurvey) return noSurvey;
      if (!sv.surveyorName) return '認定調査員が割り当てられていません';
      return sv.completedOn ? '認定調査は完了しています' : sv.hold ? '認定調査は保留中です' : null;
    case 'receiveOpinion':
      if (s.isTransferIn) return '転入者継続の申請には主治医意見書がありません';
      return o.receivedOn ? '主治医意見書は受領済みです' : o.hold ? '主治医意見書は保留中です' : null;
    case 'hold':
    case 'resume':
      return noSurvey;
    case 'scheduleBoard':
      return s.primaryLevel ? null : '認定調査票と主治医意見書がそろっていないため、審査会に割り当てられません';
    case 'recordSecondaryJudgement':
      return s.board ? null : '審査会が割り当てられていません';
    case 'recordPostponementNotice':
      return s.postponementDue ? null : '現在、延期通知を発行する必要はありません';
    case 'recordDeath':
      return s.deceasedOn ? '死亡は届出済みです' : null;
    default:
      return null;
  }
}

function fieldErrors(s: CertificationState, a: CertificationAction): string[] {
  const e: string[] = [];
  const today = s.clock.today();
  const date = (v: unknown, label: string, opts: { notFuture?: boolean } = {}) => {
    if (typeof v !== 'string' || !isValidIsoDate(v)) e.push(`${label}を正しい日付で入力してください`);
    else if (compareDates(v, s.input.appliedOn) < 0) e.push(`${label}が申請日より前になっています`);
    else if (opts.notFuture && compareDates(v, today) > 0) e.push(`${label}に未来の日付は入力できません`);
  };
  const text = (v: unknown, label: string) => {
    if (typeof v !== 'string' || v.trim() === '') e.push(`${label}を入力してください`);
  };
  switch (a.kind) {
    case 'assignSurveyor':
      text(a.surveyorName, '認定調査員名');
      if (a.surveyorKind !== 'municipal' && a.surveyorKind !== 'office') e.push('調査の実施主体を選んでください');
      if (a.surveyorKind === 'office' && !isOfficeNumber(a.officeNo ?? ''))
        e.push('委託先の事業所番号は10桁の数字で入力してください');
      break;
    case 'scheduleSurvey':
      date(a.visitOn, '訪問調査日');
      break;
    case 'completeSurvey':
      date(a.surveyedOn, '調査実施日', { notFuture: true });
      if (typeof a.standardMinutes !== 'number' || !Number.isFinite(a.standardMinutes) || a.standardMinutes < 0) {
        e.push('要介護認定等基準時間は0以上の数値（分）で入力してください');
      }
      if (!DEMENTIA_INDEPENDENCE.includes(a.dementia)) e.push('認知症高齢者の日常生活自立度（調査）を選んでください');
      break;
    case 'receiveOpinion':
      date(a.receivedOn, '意見書の受領日', { notFuture: true });
      if (!DEMENTIA_INDEPENDENCE.includes(a.dementia)) e.push('認知症高齢者の日常生活自立度（意見書）を選んでください');
      break;
    case 'hold':
      text(a.reason, '保留の理由');
      if (trackDone(s, a.track)) e.push(`${trackLabel(a.track)}は完了しているため保留にできません`);
      else if (holdOf(s, a.track)) e.push(`${trackLabel(a.track)}は既に保留中です`);
      break;
    case 'resume':
      if (!holdOf(s, a.track)) e.push(`${trackLabel(a.track)}は保留中ではありません`);
      break;
    case 'scheduleBoard':
      text(a.panel, '合議体');
      date(a.boardOn, '審査会の開催日');
      break;
    case 'recordSecondaryJudgement':
      if (!CARE_LEVELS.includes(a.finalLevel)) {
        e.push('二次判定の要介護状態区分を選んでください');
        break;
      }
      e.push(
        ...validateSecondaryJudgement({
          type: s.input.type,
          previousLevel: s.previous.level,
          primaryLevel: s.primaryLevel ?? a.finalLevel,
          finalLevel: a.finalLevel,
          months: a.months,
          rules: s.rules,
        }).map((f) => f.message),
      );
      break;
    case 'recordPostponementNotice':
      if (a.expectedDecisionOn != null) date(a.expectedDecisionOn, '処理見込期間');
      break;
    case 'withdraw':
      date(a.withdrawnOn, '取下げ日');
      text(a.reason, '取下げの理由');
      break;
    case 'recordDeath':
      date(a.diedOn, '死亡日', { notFuture: true });
      break;
    case 'recordMoveOut':
      date(a.movedOutOn, '転出日');
      break;
    case 'reject':
      text(a.reason, '却下の理由');
      break;
  }
  return e;
}

function trackDone(s: CertificationState, t: 'survey' | 'opinion'): boolean {
  return t === 'survey' ? s.survey.completedOn != null : s.opinion.receivedOn != null;
}
function holdOf(s: CertificationState, t: 'survey' | 'opinion'): string | null {
  return t === 'survey' ? s.survey.hold : s.opinion.hold;
}

function trackLabel(t: 'survey' | 'opinion'): string {
  return t === 'survey' ? '認定調査' : '主治医意見書';
}

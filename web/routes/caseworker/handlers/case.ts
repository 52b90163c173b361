/**
 * 案件詳細 (/cases/:workflowId): stage diagram, deadlines, the task forms, 業務履歴 and notices; POST
 * /cases/:workflowId/actions/:kind runs one action, whose form schema comes from the action table (../case-actions).
 * A rejected action comes back by post/redirect/get (web/form-state) with its messages and the typed values.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { REGISTER_ROLL_CASE_KIND } from '../../../../db/register-roll';
import { can, mayReadOpinionMedical } from '../../../../domain/access';
import { CERTIFICATION_ACTIONS } from '../../../../domain/certification/actions';
import type { SurveyorChoice } from '../../../../domain/certification/survey-assignment';
import type { CertificationActionKind, CertificationSnapshot } from '../../../../workflows/certification/messages';
import { ConflictError, type FieldError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { errorMap, parseForm } from '../../../forms';
import { actorOf } from '../../../middleware/auth';
import { sendNoticeDocument } from '../../../notice-document';
import type { Services } from '../../../services';
import type { InterimUseForm } from '../../../services/interim';
import { deadlinesOf, eventViews, kushiroProgress, stageDiagram } from '../../../views/case';
import { proposalView } from '../../../views/decision';
import { dueState } from '../../../views/common';
import { consentView } from '../../../views/person';
import { actionForm, actionSchema, isActionKind, offeredActions, toAction } from '../case-actions';

/** How long the case page waits for the live snapshot before falling back to the read model. */
const SNAPSHOT_TIMEOUT_MS = 1500;

/** The workflow's live snapshot (allowed actions, the 処分 to preview), or null when Temporal or the worker does not answer in time. */
async function liveSnapshot(
  services: Services,
  workflowId: string,
): Promise<Pick<CertificationSnapshot, 'allowedActions' | 'proposedDecision' | 'pendingDecision'> | null> {
  try {
    const snapshot = services.certification.snapshot(workflowId);
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), SNAPSHOT_TIMEOUT_MS).unref());
    const s = await Promise.race([snapshot, timeout]);
    snapshot.catch(() => undefined);
    return s ?? null;
  } catch {
    return null;
  }
}

interface FailedAction {
  kind: CertificationActionKind;
  values: Record<string, unknown>;
  errors?: Record<string, string>;
  message: string;
}

/** Which action a kept form belongs to: a field the form does not have, so it never clashes with one. */
const KIND_FIELD = '_action';

/** The action kept by a rejected POST, if any: its values, its field errors and the summary message. */
function failedAction(req: Request): FailedAction | undefined {
  const kept = takeKeptForm(req);
  const kind = kept?.values[KIND_FIELD];
  if (!kept || typeof kind !== 'string' || !isActionKind(kind)) return undefined;
  const { [KIND_FIELD]: _kind, ...values } = kept.values;
  return {
    kind,
    values,
    errors: errorMap(kept.errors.filter((e) => e.field)),
    message: kept.errors.map((e) => e.message).join(' / '),
  };
}

/** The 給付係's task of a self-paid 暫定利用 (workflows/certification/tasks.ts). */
const INTERIM_SETTLE_TASK = 'interim-settle';

/** tasks.task_type of a お知らせ to a care office (the office's 結果・延期通知). */
const OFFICE_NOTICE_TYPE = 'office_notice';

async function renderCase(services: Services, req: Request, res: Response) {
  const failed = failedAction(req);
  const actor = actorOf(req);
  const workflowId = String(req.params.workflowId);
  const { c, tasks, events, notices, person, consent, assignments } = await services.cases.page(actor, workflowId);
  // 証の年次切替 (db/register-roll): its tasks are done on the person's register page, which lists them.
  if (c.case_kind === REGISTER_ROLL_CASE_KIND)
    return res.redirect(`/persons/${encodeURIComponent(c.insured_no)}/register`);
  // Who read which case is part of the audit trail, as for person pages (a re-render after a refused POST too).
  await services.audit.record({ actor, action: 'case.view', target: `case:${workflowId}`, ip: req.ip });
  const on = services.today();
  // お知らせ to care offices are the offices' to read, not a caseworker's task: listed apart, below the notices.
  const officeNotices = tasks.filter((t) => t.task_type === OFFICE_NOTICE_TYPE);
  const openTasks = tasks.filter((t) => t.status === 'open' && t.task_type !== OFFICE_NOTICE_TYPE);
  // A closed case whose 暫定利用 waits for the 給付係's 精算 still takes that one action.
  const settling = openTasks.some((t) => t.task_key === INTERIM_SETTLE_TASK);
  const takesActions = c.case_kind === 'certification' && (c.status === 'open' || settling);
  const live = takesActions ? await liveSnapshot(services, workflowId) : null;
  const allowed = live?.allowedActions ?? null;
  const offered = offeredActions({
    role: actor.role,
    caseOpen: takesActions,
    openTaskKeys: openTasks.map((t) => t.task_key),
    allowed,
  });
  const picking = [...offered.byTask.values()].some((kinds) => kinds.includes('assignSurveyor'));
  const choices = picking ? await services.surveyAssignment.choices(actor, workflowId) : undefined;
  const interimChoices = offered.general.includes('recordInterimUse')
    ? await services.interim.choices(actor)
    : undefined;
  const form = (kind: CertificationActionKind) =>
    actionForm(
      kind,
      randomUUID,
      failed?.kind === kind ? { values: failed.values, errors: failed.errors } : undefined,
      kind === 'assignSurveyor' ? choices : kind === 'recordInterimUse' ? interimChoices : undefined,
    );
  res.render('caseworker/case', {
    title: `案件 ${c.application_no ?? workflowId}`,
    c,
    person,
    consent: consentView(consent, on),
    assignment: assignments.find((a) => a.end_date == null) ?? null,
    diagram: stageDiagram(c.stage),
    deadlines: deadlinesOf(c),
    overdue: c.status === 'open' && c.due_on != null && c.due_on < on,
    progress: kushiroProgress(c),
    openTasks: openTasks.map((t) => ({
      ...t,
      due: dueState(t.due_on, on),
      forms: (offered.byTask.get(t.task_key) ?? []).map(form),
    })),
    doneTasks: tasks.filter((t) => t.status !== 'open' && t.task_type !== OFFICE_NOTICE_TYPE),
    officeNotices,
    generalForms: offered.general.map(form),
    openFailed: failed && offered.general.includes(failed.kind),
    failed: failed && { ...failed, label: CERTIFICATION_ACTIONS[failed.kind].label },
    events: eventViews(events, { opinionMedical: mayReadOpinionMedical(actor.role) }),
    notices,
    liveKnown: allowed != null,
    // the 決定・決裁 preview the 結果通知書 (only while the 処分 waits for them)
    proposal: proposalView(live?.proposedDecision, live?.pendingDecision),
    // Raw histories hold personal data: the UI link only for roles that may read them decoded.
    temporalUiUrl: can(actor.role, 'history.decode') ? services.temporalUiUrl(workflowId) : null,
    canHistory: can(actor.role, 'case.history'),
    canSurvey: can(actor.role, 'survey.record'),
    // 主治医意見書 (its medical details are need-to-know): the check, return and paper key-in page
    opinionPath:
      can(actor.role, 'opinion.medical') && c.case_kind === 'certification' && c.application_type !== 'transfer_in'
        ? `/cases/${encodeURIComponent(workflowId)}/opinion`
        : null,
  });
}

export function caseHandlers(services: Services) {
  return {
    show: async (req: Request, res: Response) => renderCase(services, req, res),

    /** One human action: validate the form, run the Update (idempotent by requestId), back to the page on rejection. */
    act: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const kind = String(req.params.kind);
      if (!isActionKind(kind)) throw new NotFoundError('この操作はありません');
      if (!can(actor.role, CERTIFICATION_ACTIONS[kind].permission)) throw new ForbiddenError();
      const workflowId = String(req.params.workflowId);
      const casePath = `/cases/${encodeURIComponent(workflowId)}`;
      await services.cases.get(actor, workflowId);
      const values = { ...(req.body as Record<string, unknown>) };
      delete values._csrf;
      const requestId =
        typeof values.requestId === 'string' && /^[0-9a-f-]{36}$/.test(values.requestId) ? values.requestId : null;
      if (!requestId) throw new ConflictError('画面を開き直してから操作してください');
      delete values.requestId;
      const back = (errors: FieldError[]) => {
        req.body = { ...values, [KIND_FIELD]: kind };
        redirectWithErrors(req, res, casePath, errors);
      };
      try {
        const parsed = parseForm(actionSchema(kind), values) as Record<string, unknown>;
        // The survey's 認定調査員 is picked from the insurer's own lists: checked and named by the service.
        if (kind === 'assignSurveyor')
          await services.surveyAssignment.assign(actor, workflowId, parsed as unknown as SurveyorChoice, requestId);
        // 暫定利用's office must be in the register: checked by the service.
        else if (kind === 'recordInterimUse')
          await services.interim.record(actor, workflowId, parsed as unknown as InterimUseForm, requestId);
        else await services.certification.perform(workflowId, toAction(kind, parsed), actor, requestId);
      } catch (err) {
        if (err instanceof ValidationError) return back(err.errors);
        // The workflow refused it (its state moved on): the reason, with no field to point at.
        if (err instanceof ConflictError) return back([{ field: '', message: err.message }]);
        throw err;
      }
      await services.audit.record({
        actor,
        action: `case.${kind}`,
        target: `case:${workflowId}`,
        detail: { requestId },
        ip: req.ip,
      });
      req.session.flash = `「${CERTIFICATION_ACTIONS[kind].label}」を登録しました`;
      res.redirect(casePath);
    },

    /** A stored notice, printable. */
    notice: async (req: Request, res: Response) => {
      const n = await services.cases.notice(actorOf(req), String(req.params.id));
      sendNoticeDocument(res, n.html);
    },
  };
}

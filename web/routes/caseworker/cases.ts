/** 案件一覧, 案件詳細 (stage diagram, deadlines, task forms, 業務履歴, notices) and the action POSTs. */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { can } from '../../../domain/access';
import { APPLICATION_TYPES, CERTIFICATION_STAGES } from '../../../domain/certification/types';
import { APPLICATION_TYPE_LABELS, STAGE_LABELS } from '../../../domain/glossary';
import { CERTIFICATION_ACTIONS } from '../../../domain/certification/actions';
import type { CertificationActionKind } from '../../../workflows/certification/messages';
import { errorMap, parseForm } from '../../forms';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { actorOf } from '../../middleware/auth';
import { sendNoticeDocument } from '../../notice-document';
import type { Services } from '../../services';
import { deadlinesOf, eventViews, kushiroProgress, stageDiagram } from '../../views/case';
import { consentView } from '../../views/person';
import { dueState, pageParam, pager, qs } from '../../views/common';
import { actionForm, actionSchema, isActionKind, offeredActions, toAction } from './case-actions';

/** How long the case page waits for the live snapshot before falling back to the read model. */
const SNAPSHOT_TIMEOUT_MS = 1500;

/** The workflow's allowed actions, or null when Temporal or the worker does not answer in time. */
async function liveAllowedActions(services: Services, workflowId: string): Promise<CertificationActionKind[] | null> {
  try {
    const snapshot = services.certification.snapshot(workflowId);
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), SNAPSHOT_TIMEOUT_MS).unref());
    const s = await Promise.race([snapshot, timeout]);
    snapshot.catch(() => undefined);
    return s ? s.allowedActions : null;
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

async function renderCase(services: Services, req: Request, res: Response, status: number, failed?: FailedAction) {
  const actor = actorOf(req);
  const workflowId = String(req.params.workflowId);
  const { c, tasks, events, notices, person, consent, assignments } = await services.cases.page(actor, workflowId);
  const allowed =
    c.status === 'open' && c.case_kind === 'certification' ? await liveAllowedActions(services, workflowId) : null;
  const on = services.today();
  const openTasks = tasks.filter((t) => t.status === 'open');
  const offered = offeredActions({
    role: actor.role,
    caseOpen: c.status === 'open' && c.case_kind === 'certification',
    openTaskKeys: openTasks.map((t) => t.task_key),
    allowed,
  });
  const form = (kind: CertificationActionKind) =>
    actionForm(kind, randomUUID, failed?.kind === kind ? { values: failed.values, errors: failed.errors } : undefined);
  res.status(status).render('caseworker/case', {
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
    doneTasks: tasks.filter((t) => t.status !== 'open'),
    generalForms: offered.general.map(form),
    openFailed: failed && offered.general.includes(failed.kind),
    failed: failed && { ...failed, label: CERTIFICATION_ACTIONS[failed.kind].label },
    events: eventViews(events),
    notices,
    liveKnown: allowed != null,
    // Raw histories hold personal data: the UI link only for roles that may read them decoded.
    temporalUiUrl: can(actor.role, 'history.decode') ? services.temporalUiUrl(workflowId) : null,
    canHistory: can(actor.role, 'case.history'),
  });
}

export function caseHandlers(services: Services) {
  return {
    list: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const filters = {
        stage: (CERTIFICATION_STAGES as readonly string[]).includes(qs(req, 'stage') ?? '')
          ? qs(req, 'stage')
          : undefined,
        type: (APPLICATION_TYPES as readonly string[]).includes(qs(req, 'type') ?? '') ? qs(req, 'type') : undefined,
        overdue: qs(req, 'overdue') === '1' ? '1' : undefined,
        q: qs(req, 'q')?.slice(0, 40),
      };
      const on = services.today();
      const page = await services.cases.list(actor, {
        today: on,
        stage: filters.stage,
        applicationType: filters.type,
        overdue: filters.overdue === '1',
        q: filters.q,
        page: pageParam(req),
      });
      res.render('caseworker/cases', {
        title: '案件一覧',
        filters,
        stages: CERTIFICATION_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s], selected: s === filters.stage })),
        types: APPLICATION_TYPES.map((t) => ({
          value: t,
          label: APPLICATION_TYPE_LABELS[t],
          selected: t === filters.type,
        })),
        rows: page.rows.map((r) => ({ ...r, overdue: r.status === 'open' && r.due_on != null && r.due_on < on })),
        pager: pager(page, '/cases', filters),
      });
    },

    detail: async (req: Request, res: Response) => renderCase(services, req, res, 200),

    /** One human action: validate the form, run the Update (idempotent by requestId), re-render on rejection. */
    act: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const kind = String(req.params.kind);
      if (!isActionKind(kind)) throw new NotFoundError('この操作はありません');
      if (!can(actor.role, CERTIFICATION_ACTIONS[kind].permission)) throw new ForbiddenError();
      const workflowId = String(req.params.workflowId);
      await services.cases.get(actor, workflowId);
      const values = { ...(req.body as Record<string, unknown>) };
      delete values._csrf;
      const requestId =
        typeof values.requestId === 'string' && /^[0-9a-f-]{36}$/.test(values.requestId) ? values.requestId : null;
      if (!requestId) throw new ConflictError('画面を開き直してから操作してください');
      delete values.requestId;
      try {
        const action = toAction(kind, parseForm(actionSchema(kind), values) as Record<string, unknown>);
        await services.certification.perform(workflowId, action, actor, requestId);
      } catch (err) {
        if (err instanceof ValidationError)
          return renderCase(services, req, res, 400, {
            kind,
            values,
            errors: errorMap(err.errors),
            message: err.message,
          });
        if (err instanceof ConflictError)
          return renderCase(services, req, res, 409, { kind, values, message: err.message });
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
      res.redirect(`/cases/${encodeURIComponent(workflowId)}`);
    },

    /** A stored notice, printable. */
    notice: async (req: Request, res: Response) => {
      const n = await services.cases.notice(actorOf(req), String(req.params.id));
      sendNoticeDocument(res, n.html);
    },
  };
}

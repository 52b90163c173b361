import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import type { Repositories } from '../../db';
import { can } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import { actorRefusal } from '../../domain/certification/actions';
import { decisionDueDate } from '../../domain/certification/deadlines';
import { classifyApplication } from '../../domain/certification/intake';
import { certificationInForce, promoteStarted } from '../../domain/certification/in-force';
import { heldCertifications } from '../../db/persons';
import {
  applicationFieldsOf,
  applicationRequestOf,
  type ApplicationForm,
} from '../../domain/certification/application-form';
import { applicationSchema } from '../application-schema';
import { type ApplicationType, type IsoDate } from '../../domain/certification/types';
import { isValidIsoDate, jstDateOf } from '../../domain/dates';
import { INSURER_NUMBER_MESSAGE, isInsurerNumber } from '../../domain/people/identifiers';
import type { certificationWorkflow } from '../../workflows/certification/workflow';
import {
  CERTIFICATION_REVISION,
  CERTIFICATION_WORKFLOW_TYPE,
  certificationSnapshotQuery,
  certificationStartAttributes,
  certificationUpdates,
  certificationWorkflowId,
  type CertificationAction,
  type CertificationInput,
  type ActionReceipt,
  type CertificationSnapshot,
  type Command,
} from '../../workflows/certification/messages';
import { renewalFiledSignal, renewalWatchWorkflowId } from '../../workflows/renewal-watch/messages';
import { ConflictError, FieldError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { officeMayViewToday } from './office';

/** What an API caller may add to the 申請書: the insurer, who checked identity, and (tests, demo) the timer policy. */
const requestExtras = z.object({
  insurerNo: z.string({ error: INSURER_NUMBER_MESSAGE }).refine(isInsurerNumber, { error: INSURER_NUMBER_MESSAGE }),
  identityCheckedBy: z.string().max(60).nullish(),
  timing: z
    .object({
      dayMs: z.number().int().positive().optional(),
      startOn: z.string().refine(isValidIsoDate, { error: '開始日を正しい日付で入力してください' }).optional(),
    })
    .optional(),
});

/** What receiveApplication answers: the case, and the 申請区分 actually accepted (with notes such as 更新→新規). */
export interface ReceivedApplication {
  workflowId: string;
  applicationNo: string;
  type: ApplicationType;
  notes: string[];
}

/** What an office is told for any person it cannot apply for: the same words whatever the reason. */
const OFFICE_NOT_ACCEPTED =
  'この被保険者番号では代行申請を受け付けられません。番号を確かめ、分からない場合は市の介護保険担当にお問い合わせください';

/** 要介護認定: intake, human actions (Updates) and the live state (Query) of one case. */
export class CertificationService {
  private readonly repos: Repositories;
  private readonly client: Client;
  private readonly taskQueue: string;
  private readonly now: () => Date;

  constructor(deps: { repos: Repositories; client: Client; taskQueue: string; now?: () => Date }) {
    this.repos = deps.repos;
    this.client = deps.client;
    this.taskQueue = deps.taskQueue;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * 申請受付: validates and classifies, then starts the case (a double submit returns the same case). Returns once the
   * workflow has started; its first step reaches the read model a moment later (untilListed).
   */
  async receiveApplication(input: unknown, actor: Actor): Promise<ReceivedApplication> {
    if (!can(actor.role, 'certification.intake')) throw new ForbiddenError();
    // The 申請書's own fields are checked with the intake form's schema (one table, domain/certification/application-form).
    const fields = applicationSchema.safeParse(applicationFieldsOf(input));
    const extras = requestExtras.safeParse(input ?? {});
    const issues = [...(fields.error?.issues ?? []), ...(extras.error?.issues ?? [])];
    if (!fields.success || !extras.success) {
      throw new ValidationError(dedupe(issues.map((i) => ({ field: i.path.join('.'), message: i.message }))));
    }
    const { insurerNo, identityCheckedBy, timing } = extras.data;
    const form = {
      ...applicationRequestOf(fields.data as unknown as ApplicationForm, {
        insurerNo,
        displayName: identityCheckedBy ?? actor.displayName,
      }),
      ...(timing ? { timing } : {}),
    };
    const errors: FieldError[] = [];
    if (form.insurerNo !== actor.insurerNo)
      errors.push({ field: 'insurerNo', message: '他の保険者の申請は受け付けられません' });
    if (
      actor.role === 'office_staff' &&
      (form.applicant.kind !== 'office_proxy' || form.applicant.officeNo !== actor.officeNo)
    ) {
      errors.push({ field: 'applicant.officeNo', message: '事業所からの申請は自事業所の代行申請としてください' });
    }
    if (form.appliedOn > jstDateOf(this.now().getTime()))
      errors.push({ field: 'appliedOn', message: '申請日に未来の日付は入力できません' });
    const person = await this.repos.persons.getPerson(form.insurerNo, form.insuredNo);
    if (!person || person.status !== 'active') {
      // An office must not learn from the answer whether a number exists or whether the person died or moved out.
      const message =
        actor.role === 'office_staff'
          ? OFFICE_NOT_ACCEPTED
          : !person
            ? 'この被保険者番号の被保険者は登録されていません'
            : '資格を喪失した被保険者です（死亡・転出）';
      errors.push({ field: 'insuredNo', message });
    }
    if (form.doctor.institutionNo) {
      // only the insurer's registered 医療機関 with a doctor account; its registered name is the clinic's
      const registered = await this.repos.officeRegister.medicalInstitutions(actor.insurerNo);
      const inst = registered.find((i) => i.office_no === form.doctor.institutionNo);
      if (inst) form.doctor.clinic = inst.name;
      else errors.push({ field: 'doctorInstitutionNo', message: '主治医の医療機関は一覧から選んでください' });
    }
    if (errors.length > 0 || !person) throw new ValidationError(errors);

    const rules = await this.repos.rules.certificationRulesOn(form.insurerNo, form.appliedOn);
    // The certification in force on the application date; a next one decided early stands beside it.
    const held = heldCertifications(person);
    const inForce = certificationInForce(held, form.appliedOn);
    const latest = inForce ?? promoteStarted(held, form.appliedOn).current;
    const current = latest ? { level: latest.level, validFrom: latest.validFrom, validTo: latest.validTo } : null;
    const classified = classifyApplication({
      requestedType: form.type,
      appliedOn: form.appliedOn,
      currentCertification: current,
      nextCertification: held.next,
      movedInOn: form.movedInOn ?? null,
      levelChangeReason: form.levelChangeReason ?? null,
      rules,
    });
    if (!classified.ok) {
      // What the classification says (renewal window, current certification) is about the person: an office that may
      // not see the person gets the same answer as for an unknown number.
      if (
        actor.role === 'office_staff' &&
        !(await officeMayViewToday(this.repos, actor.officeNo!, form.insuredNo, jstDateOf(this.now().getTime())))
      )
        throw new ValidationError([{ field: 'insuredNo', message: OFFICE_NOT_ACCEPTED }]);
      throw new ValidationError(classified.errors);
    }

    const workflowId = certificationWorkflowId(form.insurerNo, form.applicationNo);
    const workflowInput: CertificationInput = {
      ...form,
      type: classified.type,
      intakeNotes: classified.notes,
      receivedBy: actor.loginId,
      revision: CERTIFICATION_REVISION,
    };
    try {
      await this.client.workflow.start<typeof certificationWorkflow>(CERTIFICATION_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [workflowInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: certificationStartAttributes(
          form.insurerNo,
          decisionDueDate(form.appliedOn, rules),
          classified.type,
        ),
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new ConflictError('この受付番号の申請は既に処理を終えています');
      throw err;
    }
    if (classified.type === 'renewal' && current)
      await this.closeRenewalWatch(form.insuredNo, current.validTo, form.applicationNo, form.appliedOn);
    return { workflowId, applicationNo: form.applicationNo, type: classified.type, notes: classified.notes };
  }

  /**
   * Waits (at most `timeoutMs`) until a case just received is in the read model, for a page that shows it next; false
   * on timeout. Actions need no wait: an Update that arrives while the case initialises waits for it in the workflow.
   */
  async untilListed(workflowId: string, timeoutMs = 10_000): Promise<boolean> {
    return this.repos.readModel.waitForCaseRow(workflowId, timeoutMs);
  }

  /** One human action as an Update; a double click (same requestId) has one effect. */
  async perform(
    workflowId: string,
    action: CertificationAction,
    actor: Actor,
    requestId: string,
  ): Promise<ActionReceipt> {
    const update = certificationUpdates[action?.kind] as UpdateDefinition<ActionReceipt, [Command]> | undefined;
    if (!update) throw new ValidationError([{ field: 'kind', message: '不明な操作です' }]);
    // the role here; an office's contracted survey is checked against the case by the workflow's validator
    if (actorRefusal(actor, action.kind)) throw new ForbiddenError();
    try {
      return await this.client.workflow.getHandle(workflowId).executeUpdate(update, {
        args: [{ actor, action }],
        updateId: `${workflowId}:${action.kind}:${requestId}`,
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new ConflictError(err.cause?.message ?? err.message);
      throw await this.closedOrMissing(workflowId, err);
    }
  }

  /** The live state of one case (Query). */
  async snapshot(workflowId: string): Promise<CertificationSnapshot> {
    try {
      return await this.client.workflow.getHandle(workflowId).query(certificationSnapshotQuery);
    } catch (err) {
      throw mapNotFound(err);
    }
  }

  /** Tells the renewal watch of the expiring certification that the renewal is filed, so its 勧奨 tasks close. */
  private async closeRenewalWatch(
    insuredNo: string,
    validTo: IsoDate,
    applicationNo: string,
    filedOn: IsoDate,
  ): Promise<void> {
    const previous = await this.repos.renewals.renewalWatchKeyEndingOn(insuredNo, validTo);
    if (!previous) return; // no certification ending then: no watch to tell
    const watch = this.client.workflow.getHandle(renewalWatchWorkflowId(previous.insurer_no, previous.application_no));
    try {
      await watch.signal(renewalFiledSignal, { applicationNo, filedOn });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err; // the watch already ended
    }
  }

  /** An Update to a finished case fails with "not found": tell a closed case (409) from a missing one (404). */
  private async closedOrMissing(workflowId: string, err: unknown): Promise<unknown> {
    if (!(err instanceof WorkflowNotFoundError)) return err;
    try {
      const d = await this.client.workflow.getHandle(workflowId).describe();
      return d.status.name === 'RUNNING' ? err : new ConflictError('この申請は既に終了しています');
    } catch {
      return new NotFoundError('申請が見つかりません');
    }
  }
}

function mapNotFound(err: unknown): unknown {
  return err instanceof WorkflowNotFoundError ? new NotFoundError('申請が見つかりません') : err;
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}

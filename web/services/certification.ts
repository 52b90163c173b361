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
import { CERTIFICATION_ACTIONS } from '../../domain/certification/actions';
import { decisionDueDate } from '../../domain/certification/deadlines';
import { classifyApplication } from '../../domain/certification/intake';
import {
  APPLICANT_KINDS,
  APPLICATION_TYPES,
  CARE_LEVELS,
  type ApplicationType,
  type CareLevel,
  type IsoDate,
} from '../../domain/certification/types';
import { isValidIsoDate, jstDateOf } from '../../domain/dates';
import {
  INSURED_NUMBER_MESSAGE,
  INSURER_NUMBER_MESSAGE,
  isInsuredNumber,
  isInsurerNumber,
  isOfficeNumber,
  OFFICE_NUMBER_MESSAGE,
} from '../../domain/people/identifiers';
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

const date = (label: string) =>
  z
    .string({ error: `${label}を入力してください` })
    .refine(isValidIsoDate, { error: `${label}を正しい日付で入力してください` });
const text = (label: string, max = 200) =>
  z
    .string({ error: `${label}を入力してください` })
    .trim()
    .min(1, { error: `${label}を入力してください` })
    .max(max, { error: `${label}は${max}文字以内で入力してください` });
const officeNo = z.string().refine(isOfficeNumber, { error: OFFICE_NUMBER_MESSAGE });

/** 認定申請書 (the intake form), with Japanese messages naming each field. */
export const applicationSchema = z
  .object({
    insurerNo: z.string({ error: INSURER_NUMBER_MESSAGE }).refine(isInsurerNumber, { error: INSURER_NUMBER_MESSAGE }),
    applicationNo: z
      .string({ error: '受付番号を入力してください' })
      .regex(/^[0-9A-Za-z-]{1,20}$/, { error: '受付番号は20文字以内の英数字で入力してください' }),
    insuredNo: z.string({ error: INSURED_NUMBER_MESSAGE }).refine(isInsuredNumber, { error: INSURED_NUMBER_MESSAGE }),
    type: z.enum(APPLICATION_TYPES, { error: '申請区分を選んでください' }),
    appliedOn: date('申請日'),
    applicant: z.object(
      {
        kind: z.enum(APPLICANT_KINDS, { error: '申請者の区分を選んでください' }),
        name: text('申請者（提出者）の氏名', 60),
        officeNo: officeNo.nullish(),
      },
      { error: '申請者を入力してください' },
    ),
    identityCheckedBy: z.string().max(60).nullish(),
    identityCheckMethod: z.string().max(100).nullish(),
    doctor: z.object(
      { name: text('主治医の氏名', 60), clinic: text('医療機関名', 100), phone: z.string().max(20).nullish() },
      { error: '主治医を入力してください' },
    ),
    residence: z
      .object({
        kind: z.enum(['home', 'hospital', 'facility', 'other'], { error: '居所の区分を選んでください' }),
        name: z.string().max(100).nullish(),
      })
      .nullish(),
    levelChangeReason: z.string().max(500).nullish(),
    movedInOn: date('転入日').nullish(),
    transferCertificate: z
      .object({
        level: z.enum(CARE_LEVELS, { error: '受給資格証明書の要介護状態区分を選んでください' }),
        validTo: date('受給資格証明書の有効期間満了日').nullish(),
      })
      .nullish(),
    consent: z
      .object({
        granted: z.boolean({ error: '情報提供の同意の有無を選んでください' }),
        date: date('同意日'),
        obtainedBy: z.enum(['municipality', 'office_proxy'], { error: '同意の取得者を選んでください' }),
        officeNo: officeNo.nullish(),
      })
      .nullish(),
    renewalConsentToSkipPostponement: z.boolean().optional(),
    timing: z.object({ dayMs: z.number().int().positive().optional(), startOn: date('開始日').optional() }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.applicant?.kind === 'office_proxy' && !v.applicant.officeNo) {
      ctx.addIssue({
        code: 'custom',
        path: ['applicant', 'officeNo'],
        message: '代行申請の場合は事業所番号を入力してください',
      });
    }
    if (v.consent?.obtainedBy === 'office_proxy' && !v.consent.officeNo) {
      ctx.addIssue({
        code: 'custom',
        path: ['consent', 'officeNo'],
        message: '事業所が同意を取得した場合は事業所番号を入力してください',
      });
    }
    if (v.type === 'transfer_in' && !v.transferCertificate) {
      ctx.addIssue({
        code: 'custom',
        path: ['transferCertificate', 'level'],
        message: '転入の場合は受給資格証明書の要介護状態区分を入力してください',
      });
    }
  });
export type ApplicationForm = z.input<typeof applicationSchema>;

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
    const parsed = applicationSchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(
        dedupe(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }))),
      );
    }
    const form = parsed.data;
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
    if (errors.length > 0 || !person) throw new ValidationError(errors);

    const rules = await this.repos.rules.certificationRulesOn(form.insurerNo, form.appliedOn);
    const current =
      person.care_level && person.cert_valid_from && person.cert_valid_to
        ? { level: person.care_level as CareLevel, validFrom: person.cert_valid_from, validTo: person.cert_valid_to }
        : null;
    const classified = classifyApplication({
      requestedType: form.type,
      appliedOn: form.appliedOn,
      currentCertification: current,
      movedInOn: form.movedInOn ?? null,
      levelChangeReason: form.levelChangeReason ?? null,
      rules,
    });
    if (!classified.ok)
      throw new ValidationError(
        classified.errors.map((e) => ({ ...e, field: e.field === 'requestedType' ? 'type' : e.field })),
      );

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
    if (!can(actor.role, CERTIFICATION_ACTIONS[action.kind].permission)) throw new ForbiddenError();
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
    const previous = await this.repos.renewals.certificationCaseEndingOn(insuredNo, validTo);
    if (!previous) return; // decided before kaigo-flow: no watch to tell
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

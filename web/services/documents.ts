/**
 * 認定調査票 entry by the assigned 認定調査員 (and 係長), and the documents of a case as municipal staff and the
 * 担当事業所 read them. A completed survey feeds the case through the existing survey Update (completeSurvey) with the
 * caller's request ID, so a double submit has one effect. Every view is audited by the routes.
 */
import type { Repositories } from '../../db';
import type { DocumentRow } from '../../db/documents';
import { can } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import { compareDates } from '../../domain/dates';
import {
  applyCorrection,
  correctionErrors,
  type ItemState,
  itemState,
  mayCorrectSurvey,
} from '../../domain/documents/corrections';
import { type DocumentValues, itemsOf, parseValues } from '../../domain/documents/items';
import { SURVEY_FORM, SURVEY_FORM_VERSION, surveyErrors, surveyFeed } from '../../domain/documents/survey-form';
import type { CompleteSurveyAction } from '../../workflows/certification/messages';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { found } from '../views/common';
import type { CertificationService } from './certification';
import { officeMayViewToday } from './office';

/** The task of the 認定調査 itself (訪問と調査票), assigned to the surveyor (workflows/certification/tasks.ts). */
const SURVEY_TASK_KEY = 'survey-visit';

/** What an office is told for a case whose documents it may not read: one answer whatever the reason. */
export const OFFICE_DOCUMENTS_NOT_FOUND = '書類が見つかりません';

/** What an office is told for a case whose survey was not contracted to it: one answer whatever the reason. */
export const OFFICE_SURVEY_NOT_FOUND = '認定調査票が見つかりません';

/** The survey page's state: may the actor still edit, and is a completed record still to reach the case. */
export interface SurveyState {
  record: DocumentRow | undefined;
  values: DocumentValues;
  /** the survey task is open: a draft may be saved and the record completed */
  editable: boolean;
  /** completed, and its values have not reached the case yet (a refused or interrupted Update): send again */
  pendingFeed: boolean;
}

export class DocumentService {
  constructor(
    private readonly repos: Repositories,
    private readonly certification: () => CertificationService,
  ) {}

  /**
   * The case and its survey record for the 認定調査員 assigned to it (the open or completed 認定調査 task is theirs) or
   * the 係長; 404 for another insurer's case, 403 for anyone else. An office (委託) reaches only a case whose 認定調査
   * task is addressed to it; every other case, existing or not, answers the same 404.
   */
  async survey(actor: Actor, workflowId: string) {
    const contracted = can(actor.role, 'survey.contracted');
    const c = await this.repos.cases.getCase(actor.insurerNo, workflowId);
    const tasks = c
      ? (await this.repos.tasks.tasksOfCase(actor.insurerNo, workflowId)).filter((t) => t.task_key === SURVEY_TASK_KEY)
      : [];
    if (contracted) {
      const ours = actor.officeNo != null && tasks.some((t) => t.office_no === actor.officeNo);
      if (!c || c.case_kind !== 'certification' || !ours) throw new NotFoundError(OFFICE_SURVEY_NOT_FOUND);
    } else {
      if (!c || c.case_kind !== 'certification') throw new NotFoundError('案件が見つかりません');
      if (!can(actor.role, 'survey.record')) throw new ForbiddenError();
      if (actor.role !== 'supervisor' && !tasks.some((t) => t.assignee_user_id === actor.userId))
        throw new ForbiddenError('この案件の認定調査の担当ではありません');
    }
    const record = await this.repos.documents.getDocument(actor.insurerNo, workflowId, 'survey');
    const taskOpen = c.status === 'open' && tasks.some((t) => t.status === 'open');
    const state: SurveyState = {
      record,
      values: record ? parseValues(record.values_json) : { items: {}, notes: {} },
      editable: taskOpen && record?.status !== 'completed',
      pendingFeed: taskOpen && record?.status === 'completed' && !record.fed_at,
    };
    return { c, person: await this.repos.persons.getPerson(actor.insurerNo, c.insured_no), ...state };
  }

  /** 下書き保存: the answered values are checked, blanks allowed. */
  async saveSurveyDraft(actor: Actor, workflowId: string, values: DocumentValues, now: string): Promise<void> {
    const s = await this.survey(actor, workflowId);
    if (!s.editable) throw new ConflictError('この認定調査票は完了しているか、調査が終わっているため保存できません');
    const errors = surveyErrors(values, false);
    if (errors.length > 0) throw new ValidationError(errors);
    const saved = await this.repos.documents.saveDraft({
      insurerNo: actor.insurerNo,
      workflowId,
      kind: 'survey',
      formVersion: SURVEY_FORM_VERSION,
      values,
      by: actor.loginId,
      at: now,
    });
    if (!saved) throw new ConflictError('この認定調査票は既に完了しています');
  }

  /**
   * 完了: every required item answered, then the record is completed (once: the same values completed again, as by a
   * double submit, add no version) and fed to the case through completeSurvey with `requestId` (the Update is
   * idempotent by it). A completed record whose Update was refused is sent again with the stored values.
   */
  async completeSurvey(
    actor: Actor,
    workflowId: string,
    values: DocumentValues | null,
    requestId: string,
    at: { now: string; today: IsoDate },
  ): Promise<void> {
    const s = await this.survey(actor, workflowId);
    const same = s.record?.status === 'completed' && values != null && sameValues(s.record, values);
    if (!s.editable && !s.pendingFeed && !same)
      throw new ConflictError('この認定調査票は完了しているか、調査が終わっているため登録できません');
    const v = s.pendingFeed || same || values == null ? s.values : values;
    const errors = surveyErrors(v, true);
    const surveyedOn = v.items.surveyedOn;
    if (typeof surveyedOn === 'string' && compareDates(surveyedOn, at.today) > 0)
      errors.push({ field: 'surveyedOn', message: '実施日に未来の日付は入力できません' });
    if (errors.length > 0) throw new ValidationError(errors);
    let record = s.record;
    if (!(record?.status === 'completed'))
      record = await this.repos.documents.completeDocument({
        insurerNo: actor.insurerNo,
        workflowId,
        kind: 'survey',
        formVersion: SURVEY_FORM_VERSION,
        values: v,
        by: actor.loginId,
        at: at.now,
      });
    const feed = surveyFeed(v);
    const action: CompleteSurveyAction = {
      kind: 'completeSurvey',
      surveyedOn: feed.surveyedOn,
      standardMinutes: feed.standardMinutes,
      dementia: feed.dementia,
      unstableCondition: feed.unstableCondition,
      specialNotes: feed.specialNotes || null,
    };
    await this.certification().perform(workflowId, action, actor, requestId);
    await this.repos.documents.markFed(actor.insurerNo, record!.id, at.now);
  }

  /**
   * The completed survey of a case and one of its items, for a correction: the 認定係 (survey.correct) at any time,
   * the 認定調査員 the survey was assigned to only before the 一次判定 (domain/documents/corrections.ts).
   */
  async surveyCorrection(actor: Actor, workflowId: string, itemKey: string) {
    const c = found(await this.repos.cases.getCase(actor.insurerNo, workflowId), '案件が見つかりません');
    if (c.case_kind !== 'certification') throw new NotFoundError('案件が見つかりません');
    if (!can(actor.role, 'survey.correct') && !can(actor.role, 'survey.record')) throw new ForbiddenError();
    const tasks = (await this.repos.tasks.tasksOfCase(actor.insurerNo, workflowId)).filter(
      (t) => t.task_key === SURVEY_TASK_KEY,
    );
    const may = mayCorrectSurvey({
      role: actor.role,
      assignedSurveyor: tasks.some((t) => t.assignee_user_id === actor.userId),
      primaryJudged: c.primary_level != null,
    });
    if (!may) throw new ForbiddenError('この認定調査票は訂正できません（一次判定の後は認定係が訂正します）');
    const record = await this.repos.documents.getDocument(actor.insurerNo, workflowId, 'survey');
    if (record?.status !== 'completed') throw new NotFoundError('完了した認定調査票がありません');
    const item = itemsOf(SURVEY_FORM).find((i) => i.key === itemKey);
    if (!item) throw new NotFoundError('調査票の項目が見つかりません');
    return { c, record, item, values: parseValues(record.values_json) };
  }

  /** 訂正: one item's new value (and 特記事項) with the reason; the record's next version keeps the history. */
  async correctSurvey(
    actor: Actor,
    workflowId: string,
    itemKey: string,
    next: ItemState,
    reason: string,
    now: string,
  ): Promise<void> {
    const s = await this.surveyCorrection(actor, workflowId, itemKey);
    const errors = correctionErrors(SURVEY_FORM, s.values, itemKey, next, reason);
    if (errors.length > 0) throw new ValidationError(errors);
    await this.repos.documents.correctDocument({
      insurerNo: actor.insurerNo,
      workflowId,
      kind: 'survey',
      formVersion: s.record.form_version,
      values: applyCorrection(s.values, itemKey, next),
      by: actor.loginId,
      at: now,
      itemKey,
      previous: itemState(s.values, itemKey),
      next,
      reason: reason.trim(),
    });
  }

  /** A case's documents for municipal staff: the case of the actor's insurer, its records and the 審査会の意見. */
  async forMunicipal(actor: Actor, workflowId: string) {
    const c = found(await this.repos.cases.getCase(actor.insurerNo, workflowId), '案件が見つかりません');
    if (c.case_kind !== 'certification') throw new NotFoundError('案件が見つかりません');
    return this.contents(actor.insurerNo, c);
  }

  /**
   * A case's documents for its 担当事業所: only after the 処分, while the office may see the person (consent, an active
   * 担当事業所登録, the insurer online). Every other case answers the same 404.
   */
  async forOffice(actor: Actor, workflowId: string, today: IsoDate) {
    const c = await this.repos.cases.getCase(actor.insurerNo, workflowId);
    const ok =
      c &&
      c.case_kind === 'certification' &&
      c.decided_on != null &&
      actor.officeNo != null &&
      (await officeMayViewToday(this.repos, actor.officeNo, c.insured_no, today));
    if (!ok || !c) throw new NotFoundError(OFFICE_DOCUMENTS_NOT_FOUND);
    return this.contents(actor.insurerNo, c);
  }

  private async contents(insurerNo: string, c: NonNullable<Awaited<ReturnType<Repositories['cases']['getCase']>>>) {
    const [records, events, person] = await Promise.all([
      this.repos.documents.documentsOf(insurerNo, c.workflow_id),
      this.repos.cases.caseEvents(insurerNo, c.workflow_id),
      this.repos.persons.getPerson(insurerNo, c.insured_no),
    ]);
    const completed = (kind: 'survey' | 'opinion') =>
      records.find((r) => r.doc_kind === kind && r.status === 'completed') ?? null;
    const survey = completed('survey');
    const surveyCorrections = survey ? await this.repos.documents.documentCorrections(insurerNo, survey.id) : [];
    // 審査会の意見 (療養上の留意事項) and the サービスの種類の指定, from the latest 二次判定.
    const judged = [...events].reverse().find((e) => e.event_type === 'secondary_judged');
    const payload = judged?.payload_json ? (JSON.parse(judged.payload_json) as Record<string, unknown>) : {};
    return {
      c,
      person,
      survey,
      surveyCorrections,
      opinion: completed('opinion'),
      board: judged
        ? {
            careNotes: (payload.careNotes as string | null) ?? null,
            serviceTypeRestriction: (payload.serviceTypeRestriction as string | null) ?? null,
            metOn: (payload.boardMetOn as string | null) ?? null,
          }
        : null,
    };
  }
}

function sameValues(record: DocumentRow, values: DocumentValues): boolean {
  const canon = (v: DocumentValues) =>
    JSON.stringify({
      items: Object.fromEntries(Object.entries(v.items).sort(([a], [b]) => a.localeCompare(b))),
      notes: Object.fromEntries(Object.entries(v.notes).sort(([a], [b]) => a.localeCompare(b))),
    });
  return canon(parseValues(record.values_json)) === canon(values);
}

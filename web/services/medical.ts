/**
 * 医療機関 (issue 15 Medical institutions, issue 17 主治医意見書): the institution's inbox of open 意見書依頼, the opinion
 * written online from the form in force on the request date (draft, submit), and the person's data the medical scope
 * rule allows. Everything is looked up by the session's institution: another institution's request, a person never
 * requested and an unknown id all answer the same "not found".
 */
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import { documentErrors, parseValues, type DocumentValues } from '../../domain/documents/items';
import { mayOpenRequest, medicalScopeOf, type MedicalScope } from '../../domain/documents/medical-scope';
import { opinionFormById, opinionFormOn, type OpinionFormVersion } from '../../domain/documents/opinion-form';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { AuditService } from './audit';

/** What every institution is told for a request or person it may not open. */
export const MEDICAL_NOT_FOUND = '指定された依頼・被保険者は見つかりません';

export class MedicalService {
  constructor(
    private readonly repos: Repositories,
    private readonly audit: AuditService,
  ) {}

  private institutionOf(actor: Actor): string {
    if (actor.role !== 'doctor' || !actor.officeNo) throw new ForbiddenError('医療機関の職員のみ利用できます');
    return actor.officeNo;
  }

  /** The institution's open requests (case open, opinion not yet received). */
  async inbox(actor: Actor) {
    return this.repos.opinionRequests.openRequestsOf(this.institutionOf(actor));
  }

  /** One request with its opinion record and the form version to write it on; NotFoundError for any other. */
  async request(actor: Actor, id: number) {
    const institutionNo = this.institutionOf(actor);
    const row = await this.repos.opinionRequests.requestOfInstitution(institutionNo, id);
    if (!row || !mayOpenRequest(institutionNo, { institutionNo: row.institution_no }))
      throw new NotFoundError(MEDICAL_NOT_FOUND);
    const doc = await this.repos.documents.getDocument(row.insurer_no, row.workflow_id, 'opinion');
    // The form in force on the request date; a record already started keeps the version it was written on.
    const version = (doc && opinionFormById(doc.form_version)) || opinionFormOn(row.requested_on as IsoDate);
    if (!version) throw new NotFoundError(MEDICAL_NOT_FOUND);
    // a new opinion starts with what the request already says (the doctor and the institution named on the 申請書)
    const named = Object.fromEntries(
      [
        ['doctorName', row.doctor_name],
        ['institution', row.clinic],
      ].filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1] !== ''),
    );
    const values: DocumentValues = doc ? parseValues(doc.values_json) : { items: named, notes: {} };
    const editable = row.case_status === 'open' && (row.status === 'requested' || row.status === 'returned');
    return { row, doc, version, values, editable };
  }

  /** Saves a draft (any answered item is checked; blanks allowed), or submits (every required item answered). */
  async write(actor: Actor, id: number, values: DocumentValues, submit: boolean, ip?: string | null) {
    const { row, version, editable } = await this.request(actor, id);
    if (!editable) throw new ConflictError('この依頼の意見書は提出済みのため変更できません');
    const errors = documentErrors(version.form, values, submit);
    if (errors.length > 0) throw new ValidationError(errors);
    const at = new Date().toISOString();
    const write = {
      insurerNo: row.insurer_no,
      workflowId: row.workflow_id,
      kind: 'opinion' as const,
      formVersion: version.id,
      values,
      source: 'online' as const,
      by: actor.loginId,
      at,
    };
    if (!submit) {
      if (!(await this.repos.documents.saveDraft(write)))
        throw new ConflictError('この依頼の意見書は提出済みのため変更できません');
    } else {
      await this.repos.documents.completeDocument(write);
      await this.repos.opinionRequests.markSubmitted(actor.officeNo!, id, actor.loginId, at);
    }
    const target = `case:${row.workflow_id}`;
    const detail = { requestId: id, formVersion: version.id };
    // Literal actions, so the audit-label test can find each one.
    if (submit) await this.audit.record({ actor, action: 'opinion.submit', target, detail, ip });
    else await this.audit.record({ actor, action: 'opinion.draft', target, detail, ip });
    return row;
  }

  /**
   * The person's data the institution may see (domain/documents/medical-scope): the 被保険者証 level data, and the
   * 負担割合証・負担限度額認定証 only for an institution that provides care services. NotFoundError for a person it was
   * never sent a request for, an unknown number or another insurer's person: the same answer for each.
   */
  async person(actor: Actor, insuredNo: string, today: IsoDate, ip?: string | null) {
    const institutionNo = this.institutionOf(actor);
    const [requests, serviceTypes] = await Promise.all([
      this.repos.opinionRequests.requestInstitutionsOfPerson(insuredNo),
      this.repos.officeRegister.serviceTypesOf(institutionNo),
    ]);
    const scope: MedicalScope | null = medicalScopeOf({ institutionNo, serviceTypes, requests });
    const person = scope ? await this.repos.persons.getPerson(actor.insurerNo, insuredNo) : undefined;
    if (!scope || !person) {
      await this.audit.record({ actor, action: 'person.view.denied', target: `person:${insuredNo}`, ip });
      throw new NotFoundError(MEDICAL_NOT_FOUND);
    }
    const settings = scope.copayAndBurdenLimit
      ? await this.repos.register.registerSettingsOn(actor.insurerNo, today)
      : null;
    await this.audit.record({
      actor,
      action: 'person.view',
      target: `person:${insuredNo}`,
      detail: { institutionNo, scope },
      ip,
    });
    return { person, scope, settings };
  }
}

export type { OpinionFormVersion };

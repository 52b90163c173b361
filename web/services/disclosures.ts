/**
 * 資料提供申請: an office asks for paper copies (identifying the person by 被保険者番号 and 生年月日); the city sees what
 * the rules decide (domain/documents/disclosure.ts, per-insurer settings by date) and grants or refuses; a granted
 * copy is printed from the same records as the documents page. The routes audit every step.
 */
import type { Repositories } from '../../db';
import type { DisclosureRow } from '../../db/disclosures';
import { consentInForce } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import {
  DISCLOSURE_REFUSAL_LABELS,
  type DisclosureDecision,
  type DisclosureRefusal,
  disclosureDecision,
  disclosureRulesOn,
  officeRefusalMessage,
} from '../../domain/documents/disclosure';
import { parseValues } from '../../domain/documents/items';
import { opinionFormById } from '../../domain/documents/opinion-form';
import { ConflictError, NotFoundError, ValidationError } from '../errors';

/** What an office's request form gives. */
export interface DisclosureRequestInput {
  insuredNo: string;
  birthDate: IsoDate;
  wantSurvey: boolean;
  wantOpinion: boolean;
  purpose: string | null;
}

const STATUS_LABELS: Record<DisclosureRow['status'], string> = {
  requested: '市で確認中',
  granted: '提供（写しを送付）',
  refused: '不提供',
};

const NOT_FOUND = '資料提供申請が見つかりません';

export class DisclosureService {
  constructor(private readonly repos: Repositories) {}

  /** 資料提供申請 by an office: kept as typed; whether the person exists is for the city to find. */
  async request(actor: Actor, input: DisclosureRequestInput, now: string): Promise<void> {
    if (!input.wantSurvey && !input.wantOpinion)
      throw new ValidationError([{ field: 'documents', message: '必要な資料を1つ以上選んでください' }]);
    await this.repos.disclosures.insertDisclosureRequest({
      insurerNo: actor.insurerNo,
      officeNo: actor.officeNo!,
      ...input,
      by: actor.loginId,
      at: now,
    });
  }

  /** The office's own requests with what it may be told. */
  async ofOffice(actor: Actor) {
    const rows = await this.repos.disclosures.disclosuresOfOffice(actor.insurerNo, actor.officeNo!);
    return rows.map((r) => ({
      ...r,
      statusLabel: STATUS_LABELS[r.status],
      documents: documentsLabel(r.want_survey, r.want_opinion),
      refusal: r.status === 'refused' ? officeRefusalMessage(reasonsOf(r)) : null,
      issued: r.status === 'granted' ? documentsLabel(r.issued_survey, r.issued_opinion) : null,
    }));
  }

  /** The city's queue: each open request with what the rules decide today. */
  async queue(actor: Actor, today: IsoDate) {
    const { open, decided } = await this.repos.disclosures.disclosuresOfInsurer(actor.insurerNo);
    const withDecision = await Promise.all(
      open.map(async (r) => {
        const { decision } = await this.decisionFor(r, today);
        return {
          ...r,
          documents: documentsLabel(r.want_survey, r.want_opinion),
          grantable: decision.ok,
          reasons: decision.ok ? [] : decision.reasons.map((x) => DISCLOSURE_REFUSAL_LABELS[x]),
          notes: decision.ok ? decision.notes : [],
        };
      }),
    );
    return {
      open: withDecision,
      decided: decided.map((r) => ({
        ...r,
        statusLabel: STATUS_LABELS[r.status],
        documents: documentsLabel(r.want_survey, r.want_opinion),
        reasons: reasonsOf(r).map((x) => DISCLOSURE_REFUSAL_LABELS[x]),
        issued: r.status === 'granted' ? documentsLabel(r.issued_survey, r.issued_opinion) : null,
      })),
    };
  }

  /**
   * 提供 (only when the rules allow it: what the copy holds is what they allow) or 不提供 (with the rules' reasons, or
   * the city's own note when the rules would allow it). A decided request is not decided again.
   */
  async decide(
    actor: Actor,
    id: number,
    answer: 'grant' | 'refuse',
    note: string | null,
    at: { today: IsoDate; now: string },
  ): Promise<{ status: 'granted' | 'refused'; workflowId: string | null }> {
    const r = await this.repos.disclosures.getDisclosure(actor.insurerNo, id);
    if (!r) throw new NotFoundError(NOT_FOUND);
    if (r.status !== 'requested') throw new ConflictError('この資料提供申請は決定済みです');
    const { decision, workflowId } = await this.decisionFor(r, at.today);
    if (answer === 'grant' && !decision.ok)
      throw new ValidationError([
        {
          field: 'answer',
          message: `提供できません: ${decision.reasons.map((x) => DISCLOSURE_REFUSAL_LABELS[x]).join('／')}`,
        },
      ]);
    if (answer === 'refuse' && decision.ok && !note)
      throw new ValidationError([
        { field: 'note', message: '規則上は提供できる申請です。不提供の理由を入力してください' },
      ]);
    const ok = await this.repos.disclosures.decideDisclosure(actor.insurerNo, id, {
      status: answer === 'grant' ? 'granted' : 'refused',
      workflowId,
      reasons: decision.ok ? [] : decision.reasons,
      note,
      issuedSurvey: answer === 'grant' && decision.ok && decision.include.survey,
      issuedOpinion: answer === 'grant' && decision.ok && decision.include.opinion,
      by: actor.loginId,
      at: at.now,
    });
    if (!ok) throw new ConflictError('この資料提供申請は決定済みです');
    return { status: answer === 'grant' ? 'granted' : 'refused', workflowId };
  }

  /** A granted request's copy: the case's records (the documents the decision allowed), marked as issued. */
  async copy(actor: Actor, id: number, now: string) {
    const r = await this.repos.disclosures.getDisclosure(actor.insurerNo, id);
    if (!r || r.status !== 'granted' || !r.workflow_id) throw new NotFoundError(NOT_FOUND);
    const c = await this.repos.cases.getCase(actor.insurerNo, r.workflow_id);
    if (!c) throw new NotFoundError(NOT_FOUND);
    const [records, events, person, office] = await Promise.all([
      this.repos.documents.documentsOf(actor.insurerNo, r.workflow_id),
      this.repos.cases.caseEvents(actor.insurerNo, r.workflow_id),
      this.repos.persons.getPerson(actor.insurerNo, c.insured_no),
      this.repos.offices.getOffice(r.office_no),
    ]);
    await this.repos.disclosures.markCopyIssued(actor.insurerNo, id, now);
    const completed = (kind: 'survey' | 'opinion') =>
      records.find((x) => x.doc_kind === kind && x.status === 'completed') ?? null;
    const judged = [...events].reverse().find((e) => e.event_type === 'secondary_judged');
    const payload = judged?.payload_json ? (JSON.parse(judged.payload_json) as Record<string, unknown>) : {};
    return {
      r,
      c,
      person,
      officeName: office?.name ?? r.office_no,
      survey: r.issued_survey ? completed('survey') : null,
      opinion: r.issued_opinion ? completed('opinion') : null,
      board: judged
        ? {
            careNotes: (payload.careNotes as string | null) ?? null,
            serviceTypeRestriction: (payload.serviceTypeRestriction as string | null) ?? null,
            metOn: (payload.boardMetOn as string | null) ?? null,
          }
        : null,
    };
  }

  /** The facts of one request today and what the rules decide on them. */
  private async decisionFor(
    r: DisclosureRow,
    today: IsoDate,
  ): Promise<{ decision: DisclosureDecision; workflowId: string | null }> {
    const [facts, versions, consent] = await Promise.all([
      this.repos.disclosures.disclosureFacts({
        insurerNo: r.insurer_no,
        officeNo: r.office_no,
        insuredNo: r.insured_no,
        birthDate: r.birth_date,
      }),
      this.repos.disclosures.disclosureRuleVersions(r.insurer_no),
      this.repos.persons.currentConsent(r.insurer_no, r.insured_no),
    ]);
    const c = facts.case;
    const records = c ? await this.repos.documents.documentsOf(r.insurer_no, c.workflow_id) : [];
    const completed = (kind: 'survey' | 'opinion') =>
      records.find((x) => x.doc_kind === kind && x.status === 'completed');
    const opinion = completed('opinion');
    const decision = disclosureDecision(
      {
        caseFound: c != null,
        consent: consentInForce(consent ? { granted: consent.granted, revokedOn: consent.revoked_on } : null, today),
        planNotificationFiled: facts.planNotificationFiled,
        resultNotified: c?.stage === 'notified',
        nonApplicable: c?.final_level === 'non_applicable',
        surveyCompleted: completed('survey') != null,
        opinionCompleted: opinion != null,
        opinionDoctorConsent: opinion ? doctorConsent(opinion.form_version, opinion.values_json) : null,
        requested: { survey: Boolean(r.want_survey), opinion: Boolean(r.want_opinion) },
      },
      disclosureRulesOn(versions, today),
    );
    return { decision, workflowId: c?.workflow_id ?? null };
  }
}

/** On a form with the doctor's consent box: whether the doctor ticked 同意する; null on a form without the box. */
function doctorConsent(formVersion: string, valuesJson: string): boolean | null {
  const form = opinionFormById(formVersion)?.form;
  const hasBox = form?.sections.some((s) => s.items.some((i) => i.key === 'consent')) ?? false;
  if (!hasBox) return null;
  return parseValues(valuesJson).items.consent === '1';
}

function reasonsOf(r: DisclosureRow): DisclosureRefusal[] {
  return r.reasons_json ? (JSON.parse(r.reasons_json) as DisclosureRefusal[]) : [];
}

function documentsLabel(survey: unknown, opinion: unknown): string {
  return [survey ? '認定調査票' : null, opinion ? '主治医意見書' : null].filter(Boolean).join('・') || 'なし';
}

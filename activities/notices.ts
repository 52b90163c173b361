import type { Repositories } from '../db';
import type { NoticeAddress, NoticeSender } from '../db/notices';
import type { IsoDate } from '../domain/certification/types';
import { jstDateOf } from '../domain/dates';
import { renderNoticeHtml } from '../lib/notice-html';

export { renderNoticeHtml };

/** A notice to render from templates/notices and store under `${workflowId}:${key}` (the first rendering wins). */
export interface NoticeRequest {
  workflowId: string;
  key: string;
  kind: string;
  title: string;
  template: string;
  data: Record<string, unknown>;
  issuedAt: string;
}

/** What templates/notices/partials/letter.hbs prints around every notice. */
export interface Letter {
  documentNo: string;
  issuedOn: IsoDate;
  addressee: NoticeAddress | null;
  sender: NoticeSender | null;
}

/** The notice date: the one the workflow put in the notice (`issuedOn`), else the JST day it was issued. */
export function noticeDateOf(input: NoticeRequest): IsoDate {
  const d = input.data.issuedOn;
  return typeof d === 'string' ? d : jstDateOf(Date.parse(input.issuedAt));
}

/** The doctor of an 意見書 request or 督促 as the addressee (the clinic on the first line; no postal address held). */
function doctorAddressee(kind: string, data: Record<string, unknown>): NoticeAddress | null {
  if (kind !== 'opinion_request' && kind !== 'opinion_reminder') return null;
  const d = data.doctor as { name?: unknown; clinic?: unknown } | undefined;
  if (!d || typeof d.name !== 'string') return null;
  return { postalCode: null, address: typeof d.clinic === 'string' ? d.clinic : null, name: d.name, honorific: '先生' };
}

/**
 * Numbers, renders and stores one notice in the letter layout: the 文書番号 is given once per notice (a retry gets the
 * same one), the addressee is the person (their address on the notice date), the doctor, or the office, as the kind
 * says. Returns the notice's id.
 */
export async function issueLetter(
  repos: Repositories,
  input: NoticeRequest,
  to: { insurerNo: string; insuredNo?: string; officeNo?: string | null },
): Promise<string> {
  const id = `${input.workflowId}:${input.key}`;
  const issuedOn = noticeDateOf(input);
  const number = await repos.notices.assignNoticeNumber({
    noticeId: id,
    insurerNo: to.insurerNo,
    kind: input.kind,
    issuedOn,
    createdAt: input.issuedAt,
  });
  const found =
    to.insuredNo !== undefined
      ? await repos.notices.noticeAddressee(to.insurerNo, to.insuredNo, issuedOn)
      : { ...(await repos.notices.officeNoticeAddressee(to.insurerNo, to.officeNo ?? null)), person: undefined };
  const addressee = doctorAddressee(input.kind, input.data) ?? found.addressee;
  const letter: Letter = { documentNo: number.documentNo, issuedOn, addressee, sender: found.insurer };
  const html = renderNoticeHtml(input.template, {
    ...input.data,
    title: input.title,
    issuedAt: input.issuedAt,
    ...(found.person !== undefined ? { person: found.person } : {}),
    insurer: found.insurer,
    letter,
  });
  await repos.readModel.storeNotice({
    id,
    workflowId: input.workflowId,
    kind: input.kind,
    title: input.title,
    html,
    createdAt: input.issuedAt,
    documentNo: number.documentNo,
  });
  return id;
}

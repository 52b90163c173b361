/** Notices (通知書) of a case, as stored by the activities (read-model.ts storeNotice); scoped to the insurer. */
import type { Knex } from 'knex';
import type { IsoDate } from '../domain/certification/types';
import {
  fiscalYearOf,
  nextDocumentNumber,
  noticeSeriesOf,
  type DocumentNumber,
} from '../domain/notices/document-number';
import { whereCaseOfInsurer } from './scope';

export interface NoticeListRow {
  id: string;
  workflow_id: string;
  kind: string;
  title: string;
  created_at: string;
  document_no?: string | null;
}

/** Notices of one case (without the HTML). */
export async function noticesOfCase(db: Knex, insurerNo: string, workflowId: string): Promise<NoticeListRow[]> {
  return whereCaseOfInsurer(db('notices'), 'notices.workflow_id', insurerNo)
    .where({ workflow_id: workflowId })
    .select('id', 'workflow_id', 'kind', 'title', 'created_at', 'document_no')
    .orderBy('created_at');
}

/** A notice of one of the insurer's cases (undefined for another insurer's). */
export async function getNotice(
  db: Knex,
  insurerNo: string,
  id: string,
): Promise<(NoticeListRow & { html: string }) | undefined> {
  return whereCaseOfInsurer(db('notices'), 'notices.workflow_id', insurerNo).where({ id }).first('notices.*');
}

/** The insurer as a notice's sender (差出人) shows it, and the 記号 of its 文書番号. */
export interface NoticeSender {
  insurerNo: string;
  name: string;
  postalCode: string | null;
  address: string | null;
  section: string | null;
  phone: string | null;
  documentPrefix: string;
}

/** The addressee (宛先) block of a letter: 〒, address, name and the honorific (様 for a person, 御中 for an office). */
export interface NoticeAddress {
  postalCode: string | null;
  address: string | null;
  name: string;
  honorific: '様' | '御中' | '先生';
}

// 記号 when the insurer has set none: the first character of its name and 介 (宇城市 → 宇介).
const defaultPrefix = (name: string) => `${name.slice(0, 1)}介`;

/** End of the JST day `d` as an ISO instant: register changes recorded from then on came after a notice of that day. */
const endOfJstDay = (d: IsoDate) => `${d}T15:00:00.000Z`;

/**
 * The person a notice goes to and the insurer it comes from (either null when unknown). The person's address and
 * 郵便番号 are those on `onDate`: a change recorded in the register after that day gives way to the value it replaced.
 */
export async function noticeAddressee(db: Knex, insurerNo: string, insuredNo: string, onDate?: IsoDate) {
  const row = await db('insurers')
    .leftJoin('insured_persons', (j) =>
      j
        .on('insured_persons.insured_no', '=', db.raw('?', [insuredNo]))
        .andOn('insured_persons.insurer_no', '=', 'insurers.insurer_no'),
    )
    .where('insurers.insurer_no', insurerNo)
    .first(
      'insurers.insurer_no',
      'insurers.name as insurer_name',
      'insurers.address as insurer_address',
      'insurers.postal_code as insurer_postal_code',
      'insurers.section',
      'insurers.document_prefix',
      'insurers.phone',
      'insured_persons.insured_no',
      'insured_persons.name',
      'insured_persons.kana',
      'insured_persons.birth_date',
      'insured_persons.address',
      'insured_persons.postal_code',
    );
  let address: string | null = row?.address ?? null;
  let postalCode: string | null = row?.postal_code ?? null;
  if (row?.insured_no && onDate) {
    const later: { field: string; before: string | null }[] = await db('register_person_changes')
      .where({ insurer_no: insurerNo, insured_no: insuredNo })
      .whereIn('field', ['address', 'postal_code'])
      .where('recorded_at', '>=', endOfJstDay(onDate))
      .orderBy([
        { column: 'recorded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .select('field', 'before');
    // newest first, so the last one written per field is the earliest change after the day: its value before
    for (const c of later) {
      if (c.field === 'address') address = c.before;
      else postalCode = c.before;
    }
  }
  const sender: NoticeSender | null = row
    ? {
        insurerNo: row.insurer_no,
        name: row.insurer_name,
        postalCode: row.insurer_postal_code ?? null,
        address: row.insurer_address ?? null,
        section: row.section ?? null,
        phone: row.phone ?? null,
        documentPrefix: row.document_prefix ?? defaultPrefix(row.insurer_name),
      }
    : null;
  return {
    person: row?.insured_no
      ? {
          insuredNo: row.insured_no,
          name: row.name,
          kana: row.kana,
          birthDate: row.birth_date,
          address,
          postalCode,
        }
      : null,
    insurer: sender,
    addressee: row?.insured_no
      ? ({ postalCode, address, name: row.name, honorific: '様' } satisfies NoticeAddress)
      : null,
  };
}

/** The insurer as sender, and an office of it as addressee (御中) when `officeNo` is one of its offices. */
export async function officeNoticeAddressee(db: Knex, insurerNo: string, officeNo: string | null) {
  const { insurer } = await noticeAddressee(db, insurerNo, '');
  const office = officeNo
    ? await db('offices').where({ insurer_no: insurerNo, office_no: officeNo }).first('name', 'address')
    : undefined;
  return {
    insurer,
    addressee: office
      ? ({
          postalCode: null,
          address: office.address ?? null,
          name: office.name,
          honorific: '御中',
        } satisfies NoticeAddress)
      : null,
  };
}

/**
 * 文書番号 of a notice: the one it was given before (a retried activity, a notice issued twice), else the next in its
 * insurer's series and fiscal year, stored in the same transaction. Two writers racing for one number: the unique key
 * fails one of them, and its activity retry takes the next number.
 */
export async function assignNoticeNumber(
  db: Knex,
  n: { noticeId: string; insurerNo: string; kind: string; issuedOn: IsoDate; createdAt: string },
): Promise<DocumentNumber> {
  return db.transaction(async (trx) => {
    const given = await trx('notice_numbers').where({ notice_id: n.noticeId }).first();
    if (given) return numberOf(given);
    const insurer = await trx('insurers').where({ insurer_no: n.insurerNo }).first('name', 'document_prefix');
    if (!insurer) throw new Error(`保険者 ${n.insurerNo} がありません`);
    const series = noticeSeriesOf(n.kind);
    const fiscalYear = fiscalYearOf(n.issuedOn);
    const last = await trx('notice_numbers')
      .where({ insurer_no: n.insurerNo, series, fiscal_year: fiscalYear })
      .max('seq as seq')
      .first();
    const number = nextDocumentNumber({
      already: null,
      kind: n.kind,
      issuedOn: n.issuedOn,
      prefix: insurer.document_prefix ?? defaultPrefix(insurer.name),
      lastSeq: last?.seq == null ? null : Number(last.seq),
    });
    await trx('notice_numbers').insert({
      notice_id: n.noticeId,
      insurer_no: n.insurerNo,
      series: number.series,
      fiscal_year: number.fiscalYear,
      seq: number.seq,
      document_no: number.documentNo,
      issued_on: n.issuedOn,
      created_at: n.createdAt,
    });
    return number;
  });
}

/** The 文書番号 a notice was given, if any. */
export async function noticeNumber(db: Knex, insurerNo: string, noticeId: string): Promise<DocumentNumber | null> {
  const row = await db('notice_numbers').where({ notice_id: noticeId, insurer_no: insurerNo }).first();
  return row ? numberOf(row) : null;
}

function numberOf(row: { series: string; fiscal_year: number; seq: number; document_no: string }): DocumentNumber {
  return {
    series: row.series,
    fiscalYear: Number(row.fiscal_year),
    seq: Number(row.seq),
    documentNo: row.document_no,
  };
}

/**
 * The insurer of a workflow's case row, for a notice whose request names no insurer (the 居宅届 notices): every
 * workflow writes its case row before it issues a notice.
 */
export async function insurerOfCase(db: Knex, workflowId: string): Promise<string | null> {
  const row = await db('cases').where({ workflow_id: workflowId }).first('insurer_no');
  return row?.insurer_no ?? null;
}

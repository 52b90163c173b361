/**
 * 受給者異動連絡票 (the 受給者異動 records the insurer sends the 国保連, so providers' claims pass its eligibility checks
 * [S67d]): what an outbox row says happened (a 認定, a 居宅届 受理, a 給付制限, a 負担割合, a 資格喪失) plus the person's
 * register, as one record of the fixed CSV layout (docs/kokuhoren-export.md); which records a day's batch holds, and
 * which of them correct a record sent before (訂正区分). Pure.
 */
import { stringify } from 'csv-stringify/sync';
import type { CareLevel, IsoDate, OfficeKind } from '../certification/types';
import {
  BENEFIT_RESTRICTION_KINDS,
  restrictionsInForce,
  type BenefitRestriction,
} from '../register/benefit-restriction';

/** 異動事由: what the record reports. */
export const CHANGE_REASONS = [
  'certification',
  'plan_office',
  'benefit_restriction',
  'copay',
  'loss',
  'cancellation',
] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

/** 異動事由 → code and label in the file. */
export const CHANGE_REASON_CODES: Readonly<Record<ChangeReason, { code: string; label: string }>> = {
  certification: { code: '01', label: '要介護認定' },
  plan_office: { code: '02', label: '居宅サービス計画作成依頼の届出' },
  benefit_restriction: { code: '03', label: '給付制限' },
  copay: { code: '04', label: '負担割合' },
  loss: { code: '05', label: '資格喪失' },
  cancellation: { code: '06', label: '認定取消' },
};

/** 異動区分: 1 新規 (the first record of the person), 2 変更, 3 終了 (資格喪失). */
export const CHANGE_KIND_CODES = { new: '1', change: '2', end: '3' } as const;
export type ChangeKind = keyof typeof CHANGE_KIND_CODES;
export const CHANGE_KIND_LABELS: Readonly<Record<ChangeKind, string>> = { new: '新規', change: '変更', end: '終了' };

/** 訂正区分: 0 通常, 1 訂正 (replaces the record of the same key sent before). */
export const CORRECTION_CODES = { normal: '0', correction: '1' } as const;

/** 要介護状態区分コード as the 国保連 interfaces use them. */
export const CARE_LEVEL_CODES: Readonly<Record<CareLevel, string>> = {
  non_applicable: '01',
  support_1: '12',
  support_2: '13',
  care_1: '21',
  care_2: '22',
  care_3: '23',
  care_4: '24',
  care_5: '25',
};

/** 給付制限区分: 1 支払方法変更, 2 保険給付の一時差止, 3 給付額減額. */
export const RESTRICTION_CODES = Object.fromEntries(
  BENEFIT_RESTRICTION_KINDS.map((k, i) => [k, String(i + 1)]),
) as Record<(typeof BENEFIT_RESTRICTION_KINDS)[number], string>;

/** 居宅サービス計画作成区分: 1 居宅介護支援事業所作成, 2 介護予防支援事業所（地域包括支援センター）作成. */
export function planKindCode(officeKind: string | null | undefined): string {
  if (!officeKind) return '';
  return officeKind === 'community_support_center' || officeKind === 'preventive_support' ? '2' : '1';
}

/** The person's register as the export reads it. */
export interface PersonSnapshot {
  insurerNo: string;
  insuredNo: string;
  kana: string;
  birthDate: IsoDate;
  sex: string;
  careLevel: CareLevel | null;
  certifiedOn: IsoDate | null;
  certValidFrom: IsoDate | null;
  certValidTo: IsoDate | null;
  planOfficeNo: string | null;
  planOfficeKind: OfficeKind | string | null;
  planNotifiedOn: IsoDate | null;
  copayRatio: number | null;
  copayValidFrom: IsoDate | null;
  restrictions: BenefitRestriction[];
  lostOn: IsoDate | null;
}

/** One 受給者異動 record: every value as the file writes it (dates YYYYMMDD, codes), before 異動区分 and 訂正区分. */
export interface BeneficiaryRecord {
  changedOn: string;
  reason: string;
  insurerNo: string;
  insuredNo: string;
  kana: string;
  birthDate: string;
  sex: string;
  careLevel: string;
  certifiedOn: string;
  certValidFrom: string;
  certValidTo: string;
  planKind: string;
  planOfficeNo: string;
  planNotifiedOn: string;
  restrictionKind: string;
  restrictionFrom: string;
  restrictionTo: string;
  copayRatio: string;
  lostOn: string;
}

const ymd = (d: string | null | undefined): string => (d ? d.replaceAll('-', '') : '');
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The record an outbox row's payload makes with the person's register, or null when the payload is not a 受給者異動
 * (no insured person, no date). The payload's own facts (the level of the 認定 it reports, the office of the 居宅届, the
 * 給付制限 entered) win over the register's current values; the rest is the register's.
 */
export function beneficiaryRecordOf(
  payload: Record<string, unknown>,
  person: PersonSnapshot,
): BeneficiaryRecord | null {
  let reason: ChangeReason;
  let changedOn: string | null;
  const p = { ...person };
  let restriction: BenefitRestriction | null | undefined;
  if (payload.event === 'benefit_restriction') {
    reason = 'benefit_restriction';
    const r = (payload.restriction ?? null) as BenefitRestriction | null;
    restriction = r && str(r.validFrom) ? r : null;
    changedOn = str(payload.changedOn) ?? restriction?.validFrom ?? null;
  } else if (payload.event === 'copay') {
    reason = 'copay';
    changedOn = str(payload.validFrom);
    p.copayRatio = typeof payload.ratio === 'number' ? payload.ratio : p.copayRatio;
  } else if (payload.event === 'loss') {
    reason = 'loss';
    changedOn = str(payload.lostOn);
    p.lostOn = changedOn;
  } else if (payload.event === 'certification_cancellation') {
    // 認定取消: the certification as cancelled, from its 申出日; the period's end blank when nothing of it remains
    reason = 'cancellation';
    changedOn = str(payload.invalidFrom);
    p.careLevel = (str(payload.careLevel) as CareLevel | null) ?? p.careLevel;
    p.certValidFrom = str(payload.validFrom);
    p.certValidTo = str(payload.validTo);
    p.certifiedOn = str(payload.certifiedOn);
  } else if (str(payload.officeNo)) {
    reason = 'plan_office';
    changedOn = str(payload.startDate) ?? str(payload.notifiedOn);
    p.planOfficeNo = str(payload.officeNo);
    p.planOfficeKind = str(payload.officeKind) ?? p.planOfficeKind;
    p.planNotifiedOn = str(payload.notifiedOn) ?? p.planNotifiedOn;
  } else if (str(payload.careLevel)) {
    reason = 'certification';
    changedOn = str(payload.validFrom);
    p.careLevel = payload.careLevel as CareLevel;
    p.certValidFrom = str(payload.validFrom);
    p.certValidTo = str(payload.validTo);
    p.certifiedOn = str(payload.certifiedOn) ?? p.certifiedOn;
  } else return null;
  if (!changedOn) return null;
  const shown = restriction !== undefined ? restriction : (restrictionsInForce(p.restrictions, changedOn)[0] ?? null);
  return {
    changedOn: ymd(changedOn),
    reason: CHANGE_REASON_CODES[reason].code,
    insurerNo: p.insurerNo,
    insuredNo: p.insuredNo,
    kana: p.kana,
    birthDate: ymd(p.birthDate),
    sex: p.sex,
    careLevel: p.careLevel ? (CARE_LEVEL_CODES[p.careLevel] ?? '') : '',
    certifiedOn: ymd(p.certifiedOn),
    certValidFrom: ymd(p.certValidFrom),
    certValidTo: ymd(p.certValidTo),
    planKind: p.planOfficeNo ? planKindCode(p.planOfficeKind) : '',
    planOfficeNo: p.planOfficeNo ?? '',
    planNotifiedOn: ymd(p.planNotifiedOn),
    restrictionKind: shown ? (RESTRICTION_CODES[shown.kind] ?? '') : '',
    restrictionFrom: ymd(shown?.validFrom),
    restrictionTo: ymd(shown?.validTo),
    copayRatio: p.copayRatio ? String(p.copayRatio) : '',
    lostOn: ymd(p.lostOn),
  };
}

/** 記録キー: a later record with the same person, 異動年月日 and 異動事由 corrects this one. */
export function recordKey(r: BeneficiaryRecord): string {
  return `${r.insuredNo}|${r.changedOn}|${r.reason}`;
}

/** A record as a batch writes it. */
export interface BatchRecord extends BeneficiaryRecord {
  seq: number;
  changeKind: string;
  correction: string;
  /** The outbox rows this record reports (several when one key came twice before the export). */
  outboxIds: string[];
}

/** What was sent before, as the batch needs it. */
export interface SentHistory {
  /** record key → the content sent last (contentOf), and its 異動区分 */
  lastSentByKey: ReadonlyMap<string, { content: string; changeKind: string }>;
  /** persons with any record sent */
  personsSent: ReadonlySet<string>;
}

/** The record's content for comparison (every field of the layout except seq, 異動区分 and 訂正区分). */
export function contentOf(r: BeneficiaryRecord): string {
  const { changedOn, reason, insurerNo, insuredNo, kana, birthDate, sex, careLevel } = r;
  return JSON.stringify([
    changedOn,
    reason,
    insurerNo,
    insuredNo,
    kana,
    birthDate,
    sex,
    careLevel,
    r.certifiedOn,
    r.certValidFrom,
    r.certValidTo,
    r.planKind,
    r.planOfficeNo,
    r.planNotifiedOn,
    r.restrictionKind,
    r.restrictionFrom,
    r.restrictionTo,
    r.copayRatio,
    r.lostOn,
  ]);
}

/**
 * 一日分のバッチ: the unsent rows (in the order they were queued) as records. A key that comes twice is sent once with
 * the later content; a record identical to the one sent last for its key is not sent again (its rows count as sent);
 * a record that differs from the one sent for its key is a 訂正 keeping that record's 異動区分; otherwise 異動区分 is 終了
 * for a 資格喪失, 新規 for a person never sent before, else 変更. Returns the records and every outbox row handled.
 */
export function buildBatch(
  candidates: readonly { outboxId: string; record: BeneficiaryRecord }[],
  history: SentHistory,
): { records: BatchRecord[]; handled: string[] } {
  const byKey = new Map<string, { record: BeneficiaryRecord; outboxIds: string[] }>();
  for (const c of candidates) {
    const key = recordKey(c.record);
    const seen = byKey.get(key);
    if (seen) {
      seen.record = c.record;
      seen.outboxIds.push(c.outboxId);
    } else byKey.set(key, { record: c.record, outboxIds: [c.outboxId] });
  }
  const persons = new Set(history.personsSent);
  const records: BatchRecord[] = [];
  for (const [key, { record, outboxIds }] of byKey) {
    const prev = history.lastSentByKey.get(key);
    if (prev && prev.content === contentOf(record)) continue;
    const changeKind = prev
      ? prev.changeKind
      : record.reason === CHANGE_REASON_CODES.loss.code
        ? CHANGE_KIND_CODES.end
        : persons.has(record.insuredNo)
          ? CHANGE_KIND_CODES.change
          : CHANGE_KIND_CODES.new;
    persons.add(record.insuredNo);
    records.push({
      ...record,
      seq: records.length + 1,
      changeKind,
      correction: prev ? CORRECTION_CODES.correction : CORRECTION_CODES.normal,
      outboxIds,
    });
  }
  return { records, handled: candidates.map((c) => c.outboxId) };
}

/** The fixed layout: column order, header and what each holds (docs/kokuhoren-export.md prints the same). */
export const KOKUHOREN_COLUMNS: readonly { key: keyof BatchRecord; header: string; note: string }[] = [
  { key: 'seq', header: 'レコード番号', note: 'ファイル内の連番（1から）' },
  {
    key: 'correction',
    header: '訂正区分',
    note: '0 通常、1 訂正（同じ被保険者・異動年月日・異動事由の送付済みの記録を置き換える）',
  },
  { key: 'changedOn', header: '異動年月日', note: 'YYYYMMDD（西暦）' },
  { key: 'changeKind', header: '異動区分', note: '1 新規、2 変更、3 終了' },
  {
    key: 'reason',
    header: '異動事由',
    note: '01 要介護認定、02 居宅届、03 給付制限、04 負担割合、05 資格喪失、06 認定取消',
  },
  { key: 'insurerNo', header: '保険者番号', note: '6桁' },
  { key: 'insuredNo', header: '被保険者番号', note: '10桁' },
  { key: 'kana', header: '被保険者氏名（カナ）', note: '台帳のフリガナ' },
  { key: 'birthDate', header: '生年月日', note: 'YYYYMMDD' },
  { key: 'sex', header: '性別', note: '1 男、2 女' },
  { key: 'careLevel', header: '要介護状態区分', note: '01 非該当、12 要支援1、13 要支援2、21〜25 要介護1〜5' },
  { key: 'certifiedOn', header: '認定年月日', note: 'YYYYMMDD' },
  { key: 'certValidFrom', header: '認定有効期間開始年月日', note: 'YYYYMMDD' },
  { key: 'certValidTo', header: '認定有効期間終了年月日', note: 'YYYYMMDD' },
  {
    key: 'planKind',
    header: '居宅サービス計画作成区分',
    note: '1 居宅介護支援事業所作成、2 介護予防支援事業所作成、空欄 届出なし',
  },
  { key: 'planOfficeNo', header: '事業所番号', note: '計画作成事業所の10桁' },
  { key: 'planNotifiedOn', header: '届出年月日', note: '居宅届の届出年月日 YYYYMMDD' },
  {
    key: 'restrictionKind',
    header: '給付制限区分',
    note: '1 支払方法変更、2 保険給付の一時差止、3 給付額減額、空欄 なし',
  },
  { key: 'restrictionFrom', header: '給付制限開始年月日', note: 'YYYYMMDD' },
  { key: 'restrictionTo', header: '給付制限終了年月日', note: 'YYYYMMDD、空欄 終了日なし' },
  { key: 'copayRatio', header: '利用者負担割合', note: '1、2、3（割）' },
  { key: 'lostOn', header: '資格喪失年月日', note: 'YYYYMMDD' },
];

/** The file: a header line, then one line per record; UTF-8 without BOM, CRLF line ends, every field quoted. */
export function kokuhorenCsv(records: readonly BatchRecord[]): string {
  return stringify(
    records.map((r) => KOKUHOREN_COLUMNS.map((c) => String(r[c.key]))),
    {
      header: true,
      columns: KOKUHOREN_COLUMNS.map((c) => c.header),
      record_delimiter: '\r\n',
      quoted: true,
      quoted_empty: true,
    },
  );
}

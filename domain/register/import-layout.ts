/**
 * 基幹システム（介護保険事務システム）からの取込: the CSV layout of each record kind (docs/register-import.md) and the
 * check of one row, with Japanese messages naming the column. The kind is read from the header row. Pure.
 */
import type { CareLevel } from '../certification/types';
import { compareDates, isValidIsoDate } from '../dates';
import { CARE_LEVEL_LABELS } from '../glossary';
import { isInsuredNumber, isKana, isOfficeNumber } from '../people/identifiers';
import { normalizePostalCode } from '../people/postal-code';
import { periodProblem, type CertificateKind } from './certificates';
import { BURDEN_LIMIT_STAGE_LABELS, BURDEN_LIMIT_STAGES, type BurdenLimitStage } from './settings';
import { USAGE_KIND_LABELS, USAGE_KINDS, type UsageKind } from './usage';

/** 取込の種類: 被保険者, 負担割合, 負担限度額, 認定, 利用（住宅改修・福祉用具）, 給付実績. */
export const IMPORT_KINDS = ['persons', 'copay', 'burden_limit', 'certification', 'usage', 'service_record'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The header row of each kind, column by column. */
export const IMPORT_LAYOUTS: Readonly<Record<ImportKind, { label: string; columns: readonly string[] }>> = {
  persons: {
    label: '被保険者',
    columns: ['被保険者番号', '氏名', 'フリガナ', '生年月日', '性別', '郵便番号', '住所', '被保険者区分', '資格状態'],
  },
  copay: { label: '負担割合', columns: ['被保険者番号', '負担割合', '適用開始日', '適用終了日'] },
  burden_limit: { label: '負担限度額', columns: ['被保険者番号', '利用者負担段階', '適用開始日', '適用終了日'] },
  certification: {
    label: '認定',
    columns: [
      '被保険者番号',
      '要介護状態区分',
      '認定日',
      '有効期間開始日',
      '有効期間終了日',
      '審査会の意見',
      'サービスの種類の指定',
    ],
  },
  usage: {
    label: '利用（住宅改修・福祉用具）',
    columns: [
      '被保険者番号',
      '利用番号',
      '利用区分',
      '利用日',
      '費用額',
      '着工時の要介護状態区分',
      '改修住宅',
      '内容',
      '取消',
    ],
  },
  service_record: { label: '給付実績', columns: ['被保険者番号', '事業所番号', 'サービス提供年月'] },
};

/** A person as the core system sends it. */
export interface PersonImport {
  kind: 'persons';
  insuredNo: string;
  name: string;
  kana: string;
  birthDate: string;
  sex: '1' | '2';
  /** 郵便番号 as 「869-0592」; null when the core system sends none */
  postalCode: string | null;
  address: string;
  insuredCategory: 1 | 2;
  status: 'active' | 'deceased' | 'moved_out' | 'excluded';
}

/** A 負担割合証 or 負担限度額認定証 as the core system sends it (value: 1–3, or the 段階 code). */
export interface CertificateImport {
  kind: CertificateKind;
  insuredNo: string;
  value: string;
  validFrom: string;
  validTo: string;
}

/** A certification decided in the core system (before kaigo-flow, or outside it). */
export interface CertificationImport {
  kind: 'certification';
  insuredNo: string;
  careLevel: CareLevel;
  certifiedOn: string;
  validFrom: string | null;
  validTo: string | null;
  boardOpinion: string;
  serviceTypeRestriction: string;
}

/** One 住宅改修 or 福祉用具購入 entry, keyed by the core system's 利用番号 across its corrections. */
export interface UsageImport {
  kind: 'usage';
  insuredNo: string;
  entryNo: string;
  usageKind: UsageKind;
  usedOn: string;
  amountYen: number;
  careLevel: CareLevel | null;
  dwelling: string | null;
  description: string | null;
  voided: boolean;
}

/** 給付実績: the office served the person in the month ('YYYY-MM'). */
export interface ServiceRecordImport {
  kind: 'service_record';
  insuredNo: string;
  officeNo: string;
  serviceMonth: string;
}

export type ImportRecord = PersonImport | CertificateImport | CertificationImport | UsageImport | ServiceRecordImport;

/** One column's problem. */
export interface RowError {
  column: string;
  message: string;
}

/** The kind whose header this is, or null (the header must match one layout exactly). */
export function importKindOf(header: readonly string[]): ImportKind | null {
  const h = header.map((c) => c.trim());
  return (
    IMPORT_KINDS.find((k) => {
      const cols = IMPORT_LAYOUTS[k].columns;
      return cols.length === h.length && cols.every((c, i) => c === h[i]);
    }) ?? null
  );
}

/** 日付: YYYY-MM-DD or YYYYMMDD (as core systems write them) → IsoDate, else null. */
export function importDate(s: string): string | null {
  const t = s.trim();
  const iso = /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}` : t;
  return isValidIsoDate(iso) ? iso : null;
}

const STATUS: Record<string, PersonImport['status']> = {
  資格あり: 'active',
  死亡: 'deceased',
  転出: 'moved_out',
  適用除外: 'excluded',
};
/** 年月: YYYYMM or YYYY-MM → 'YYYY-MM', else null. */
export function importMonth(s: string): string | null {
  const t = s.trim();
  const m = /^(\d{4})-?(\d{2})$/.exec(t);
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-${m[2]}` : null;
}

const LEVEL_BY_LABEL: Record<string, CareLevel> = Object.fromEntries(
  Object.entries(CARE_LEVEL_LABELS).map(([code, label]) => [label, code as CareLevel]),
);
const USAGE_BY_LABEL: Record<string, UsageKind> = Object.fromEntries(USAGE_KINDS.map((k) => [USAGE_KIND_LABELS[k], k]));
const LEVEL_LIST = Object.keys(LEVEL_BY_LABEL).join('・');

const STAGE_BY_LABEL: Record<string, BurdenLimitStage> = Object.fromEntries(
  BURDEN_LIMIT_STAGES.map((s) => [BURDEN_LIMIT_STAGE_LABELS[s], s]),
);

/** Checks one data row of a kind: the record, or every problem found in it. */
export function checkImportRow(
  kind: ImportKind,
  fields: readonly string[],
): { record: ImportRecord } | { errors: RowError[] } {
  const cols = IMPORT_LAYOUTS[kind].columns;
  if (fields.length !== cols.length)
    return { errors: [{ column: '', message: `項目の数が${fields.length}個です（${cols.length}個必要です）` }] };
  const v = Object.fromEntries(cols.map((c, i) => [c, fields[i].trim()]));
  const errors: RowError[] = [];
  const need = (c: string, ok: boolean, message: string) => {
    if (!ok) errors.push({ column: c, message: v[c] === '' ? `${c}がありません` : message });
  };
  need(
    '被保険者番号',
    isInsuredNumber(v['被保険者番号']),
    `被保険者番号は10桁の数字にしてください（${v['被保険者番号']}）`,
  );
  if (kind === 'persons') {
    need('氏名', v['氏名'] !== '' && v['氏名'].length <= 50, '氏名は50文字以内にしてください');
    need('フリガナ', isKana(v['フリガナ']), `フリガナは全角カタカナにしてください（${v['フリガナ']}）`);
    need('生年月日', importDate(v['生年月日']) !== null, `生年月日が正しい日付ではありません（${v['生年月日']}）`);
    need('性別', v['性別'] === '1' || v['性別'] === '2', `性別は1（男）か2（女）にしてください（${v['性別']}）`);
    const postalCode = v['郵便番号'] === '' ? null : normalizePostalCode(v['郵便番号']);
    if (v['郵便番号'] !== '' && postalCode === null)
      errors.push({ column: '郵便番号', message: `郵便番号は7桁の数字にしてください（${v['郵便番号']}）` });
    need(
      '被保険者区分',
      v['被保険者区分'] === '1' || v['被保険者区分'] === '2',
      '被保険者区分は1（第1号）か2（第2号）にしてください',
    );
    need(
      '資格状態',
      v['資格状態'] in STATUS,
      `資格状態は「資格あり」「死亡」「転出」「適用除外」のいずれかにしてください（${v['資格状態']}）`,
    );
    if (errors.length) return { errors };
    return {
      record: {
        kind,
        insuredNo: v['被保険者番号'],
        name: v['氏名'],
        kana: v['フリガナ'],
        birthDate: importDate(v['生年月日']) as string,
        sex: v['性別'] as '1' | '2',
        postalCode,
        address: v['住所'],
        insuredCategory: Number(v['被保険者区分']) as 1 | 2,
        status: STATUS[v['資格状態']],
      },
    };
  }
  if (kind === 'certification') return certificationRow(v, errors, need);
  if (kind === 'usage') return usageRow(v, errors, need);
  if (kind === 'service_record') {
    need('事業所番号', isOfficeNumber(v['事業所番号']), `事業所番号は10桁の数字にしてください（${v['事業所番号']}）`);
    const month = importMonth(v['サービス提供年月']);
    need('サービス提供年月', month !== null, `サービス提供年月は YYYYMM にしてください（${v['サービス提供年月']}）`);
    if (errors.length) return { errors };
    return {
      record: { kind, insuredNo: v['被保険者番号'], officeNo: v['事業所番号'], serviceMonth: month as string },
    };
  }
  const valueColumn = kind === 'copay' ? '負担割合' : '利用者負担段階';
  const raw = v[valueColumn];
  const value = kind === 'copay' ? (/^[123]$/.test(raw) ? raw : null) : (STAGE_BY_LABEL[raw] ?? null);
  need(
    valueColumn,
    value !== null,
    kind === 'copay'
      ? `負担割合は1、2、3のいずれかにしてください（${raw}）`
      : `利用者負担段階は${Object.keys(STAGE_BY_LABEL).join('・')}のいずれかにしてください（${raw}）`,
  );
  const from = importDate(v['適用開始日']);
  const to = importDate(v['適用終了日']);
  need('適用開始日', from !== null, `適用開始日が正しい日付ではありません（${v['適用開始日']}）`);
  need('適用終了日', to !== null, `適用終了日が正しい日付ではありません（${v['適用終了日']}）`);
  if (from && to) {
    const problem = periodProblem(kind, { from, to });
    if (problem) errors.push({ column: '適用終了日', message: problem });
  }
  if (errors.length) return { errors };
  return { record: { kind, insuredNo: v['被保険者番号'], value: value as string, validFrom: from!, validTo: to! } };
}

type Need = (c: string, ok: boolean, message: string) => void;
type Checked = { record: ImportRecord } | { errors: RowError[] };

function certificationRow(v: Record<string, string>, errors: RowError[], need: Need): Checked {
  const level = LEVEL_BY_LABEL[v['要介護状態区分']] ?? null;
  need(
    '要介護状態区分',
    level !== null,
    `要介護状態区分は${LEVEL_LIST}のいずれかにしてください（${v['要介護状態区分']}）`,
  );
  const certifiedOn = importDate(v['認定日']);
  need('認定日', certifiedOn !== null, `認定日が正しい日付ではありません（${v['認定日']}）`);
  // 非該当 has no validity; every other level needs both ends.
  const dated = level !== 'non_applicable';
  const from = v['有効期間開始日'] === '' && !dated ? null : importDate(v['有効期間開始日']);
  const to = v['有効期間終了日'] === '' && !dated ? null : importDate(v['有効期間終了日']);
  if (dated || v['有効期間開始日'] !== '')
    need('有効期間開始日', from !== null, `有効期間開始日が正しい日付ではありません（${v['有効期間開始日']}）`);
  if (dated || v['有効期間終了日'] !== '')
    need('有効期間終了日', to !== null, `有効期間終了日が正しい日付ではありません（${v['有効期間終了日']}）`);
  if (from && to && compareDates(from, to) > 0)
    errors.push({ column: '有効期間終了日', message: '有効期間終了日が有効期間開始日より前です' });
  need('審査会の意見', v['審査会の意見'].length <= 400, '審査会の意見は400文字以内にしてください');
  need(
    'サービスの種類の指定',
    v['サービスの種類の指定'].length <= 400,
    'サービスの種類の指定は400文字以内にしてください',
  );
  if (errors.length) return { errors };
  return {
    record: {
      kind: 'certification',
      insuredNo: v['被保険者番号'],
      careLevel: level as CareLevel,
      certifiedOn: certifiedOn as string,
      validFrom: from,
      validTo: to,
      boardOpinion: v['審査会の意見'],
      serviceTypeRestriction: v['サービスの種類の指定'],
    },
  };
}

function usageRow(v: Record<string, string>, errors: RowError[], need: Need): Checked {
  need(
    '利用番号',
    /^[0-9A-Za-z-]{1,30}$/.test(v['利用番号']),
    `利用番号は30文字以内の半角英数字にしてください（${v['利用番号']}）`,
  );
  const usageKind = USAGE_BY_LABEL[v['利用区分']] ?? null;
  need('利用区分', usageKind !== null, `利用区分は「住宅改修」か「福祉用具購入」にしてください（${v['利用区分']}）`);
  const usedOn = importDate(v['利用日']);
  need('利用日', usedOn !== null, `利用日が正しい日付ではありません（${v['利用日']}）`);
  const amount = /^\d{1,9}$/.test(v['費用額']) ? Number(v['費用額']) : null;
  need('費用額', amount !== null, `費用額は円単位の数字にしてください（${v['費用額']}）`);
  const levelLabel = v['着工時の要介護状態区分'];
  const careLevel = levelLabel === '' ? null : (LEVEL_BY_LABEL[levelLabel] ?? null);
  if (levelLabel !== '' && careLevel === null)
    errors.push({
      column: '着工時の要介護状態区分',
      message: `着工時の要介護状態区分は${LEVEL_LIST}のいずれかにしてください（${levelLabel}）`,
    });
  need('取消', ['', '0', '1'].includes(v['取消']), `取消は空欄・0・1のいずれかにしてください（${v['取消']}）`);
  need('内容', v['内容'].length <= 200, '内容は200文字以内にしてください');
  if (errors.length) return { errors };
  return {
    record: {
      kind: 'usage',
      insuredNo: v['被保険者番号'],
      entryNo: v['利用番号'],
      usageKind: usageKind as UsageKind,
      usedOn: usedOn as string,
      amountYen: amount as number,
      careLevel,
      dwelling: v['改修住宅'] || null,
      description: v['内容'] || null,
      voided: v['取消'] === '1',
    },
  };
}

/**
 * 基幹システム（介護保険事務システム）からの取込: the CSV layout of each record kind (docs/register-import.md) and the
 * check of one row, with Japanese messages naming the column. The kind is read from the header row. Pure.
 */
import { isValidIsoDate } from '../dates';
import { isInsuredNumber, isKana } from '../people/identifiers';
import { periodProblem, type CertificateKind } from './certificates';
import { BURDEN_LIMIT_STAGE_LABELS, BURDEN_LIMIT_STAGES, type BurdenLimitStage } from './settings';

/** 取込の種類: 被保険者, 負担割合, 負担限度額. */
export const IMPORT_KINDS = ['persons', 'copay', 'burden_limit'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The header row of each kind, column by column. */
export const IMPORT_LAYOUTS: Readonly<Record<ImportKind, { label: string; columns: readonly string[] }>> = {
  persons: {
    label: '被保険者',
    columns: ['被保険者番号', '氏名', 'フリガナ', '生年月日', '性別', '住所', '被保険者区分', '資格状態'],
  },
  copay: { label: '負担割合', columns: ['被保険者番号', '負担割合', '適用開始日', '適用終了日'] },
  burden_limit: { label: '負担限度額', columns: ['被保険者番号', '利用者負担段階', '適用開始日', '適用終了日'] },
};

/** A person as the core system sends it. */
export interface PersonImport {
  kind: 'persons';
  insuredNo: string;
  name: string;
  kana: string;
  birthDate: string;
  sex: '1' | '2';
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

export type ImportRecord = PersonImport | CertificateImport;

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
        address: v['住所'],
        insuredCategory: Number(v['被保険者区分']) as 1 | 2,
        status: STATUS[v['資格状態']],
      },
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

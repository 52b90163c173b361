/**
 * Generated core-system files for the import phase (issue 20, 4): a 被保険者 file of N persons and, for the certified
 * among them (about one in five, as nationally: 710万 of 3,591万 第1号被保険者), an 認定 file, a 負担割合 file and,
 * for about one in twenty persons, a 負担限度額 file. Deterministic (seeded); every row passes the import's check
 * (domain/register/import-layout.ts), in the layouts of docs/register-import.md.
 */
import { IMPORT_LAYOUTS, type ImportKind } from '../../domain/register/import-layout';
import { rng } from './generate';

/** The kinds the phase imports, in the order it imports them (persons first: the others need the person). */
export const IMPORT_PHASE_KINDS = ['persons', 'certification', 'copay', 'burden_limit'] as const;
export type ImportPhaseKind = (typeof IMPORT_PHASE_KINDS)[number] & ImportKind;

const FAMILY = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['宇城', 'ウキ'],
  ['不知火', 'シラヌイ'],
  ['松橋', 'マツバセ'],
  ['三角', 'ミスミ'],
];
const GIVEN = [
  ['ハナ', 'ハナ'],
  ['キヨ', 'キヨ'],
  ['正男', 'マサオ'],
  ['幸子', 'サチコ'],
  ['太郎', 'タロウ'],
  ['節子', 'セツコ'],
];
const LEVELS = ['要支援1', '要支援2', '要介護1', '要介護2', '要介護3', '要介護4', '要介護5'];
const STAGES = ['第1段階', '第2段階', '第3段階①', '第3段階②'];

/** 被保険者番号 of generated person i (a range of its own: 7…, beside the bench's 8… and the query data's 9…). */
export function importInsuredNo(i: number): string {
  return `7${String(i).padStart(9, '0')}`;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const csvLine = (fields: (string | number)[]) => fields.join(',');

/**
 * The four files' CSV text for `persons` persons. The 負担割合 and 負担限度額 periods are the current 8月–7月 cycle
 * from `today`.
 */
export function generateRegisterFiles(
  persons: number,
  today: string,
  seed = 20,
): Record<ImportPhaseKind, { csv: string; rows: number }> {
  const r = rng(seed);
  const lines: Record<ImportPhaseKind, string[]> = {
    persons: [IMPORT_LAYOUTS.persons.columns.join(',')],
    certification: [IMPORT_LAYOUTS.certification.columns.join(',')],
    copay: [IMPORT_LAYOUTS.copay.columns.join(',')],
    burden_limit: [IMPORT_LAYOUTS.burden_limit.columns.join(',')],
  };
  const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 8 ? 1 : 0);
  const cycle = [`${year}0801`, `${year + 1}0731`];
  for (let i = 0; i < persons; i++) {
    const no = importInsuredNo(i);
    const fam = pick(r, FAMILY);
    const giv = pick(r, GIVEN);
    const birth = `${1925 + Math.floor(r() * 35)}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    lines.persons.push(
      csvLine([
        no,
        `${fam[0]} ${giv[0]}`,
        `${fam[1]} ${giv[1]}`,
        birth,
        r() < 0.55 ? '2' : '1',
        '869-0532',
        `熊本県宇城市松橋町${1 + Math.floor(r() * 999)}番地`,
        r() < 0.97 ? '1' : '2',
        r() < 0.98 ? '資格あり' : '死亡',
      ]),
    );
    if (r() < 0.2) {
      const from = `${year - Math.floor(r() * 2)}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}01`;
      const months = pick(r, [12, 24, 36, 48]);
      const y = Number(from.slice(0, 4));
      const m = Number(from.slice(4, 6)) - 1 + months; // months after the first month
      const end = new Date(Date.UTC(y + Math.floor(m / 12), m % 12, 0)).toISOString().slice(0, 10).replace(/-/g, '');
      const certifiedOn = `${Number(from.slice(0, 4)) - (from.slice(4, 6) === '01' ? 1 : 0)}${from.slice(4, 6) === '01' ? '12' : String(Number(from.slice(4, 6)) - 1).padStart(2, '0')}20`;
      lines.certification.push(
        csvLine([no, pick(r, LEVELS), certifiedOn, from, end, '', r() < 0.05 ? '訪問介護' : '']),
      );
      lines.copay.push(csvLine([no, r() < 0.9 ? '1' : r() < 0.5 ? '2' : '3', cycle[0], cycle[1]]));
      if (r() < 0.25) lines.burden_limit.push(csvLine([no, pick(r, STAGES), cycle[0], cycle[1]]));
    }
  }
  return Object.fromEntries(
    IMPORT_PHASE_KINDS.map((k) => [k, { csv: `${lines[k].join('\r\n')}\r\n`, rows: lines[k].length - 1 }]),
  ) as Record<ImportPhaseKind, { csv: string; rows: number }>;
}

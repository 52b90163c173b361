/**
 * Paging shared by every list: one page of rows with a count that stops at COUNT_CAP ("1000 件以上"). Every list is
 * read in the order of an index that ends in its sort key (20261125000200_list_order_indexes), so a page costs its
 * own rows, not the list's. Text search uses prefix ranges (`col >= q AND col < q || U+FFFF`) so it stays an index
 * range scan on SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';

/** One page of a list. */
export interface Page<T> {
  rows: T[];
  /** rows in the list, or (totalCapped) a lower bound: counting stops after COUNT_CAP rows or the current page */
  total: number;
  /** there are more than `total` rows; the page shows "N 件以上" and no page count */
  totalCapped: boolean;
  page: number;
  pageSize: number;
  pages: number;
}

const MAX_PAGE_SIZE = 100;
const PREFIX_END = '\uffff';
/** Paged lists count their rows up to here (or to the end of the current page, if further); beyond, "N 件以上". */
export const COUNT_CAP = 1000;

export function paging(page: number | undefined, pageSize: number | undefined) {
  const size = Math.min(Math.max(1, Math.floor(pageSize ?? 50)), MAX_PAGE_SIZE);
  const p = Math.max(1, Math.floor(page ?? 1));
  return { page: p, pageSize: size, offset: (p - 1) * size };
}

export async function countOf(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.clone().clearSelect().clearOrder().count({ n: '*' }).first()) as
    { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/** count(*) of a filter, reading at most cap + 1 rows: `select count(*) from (select 1 … limit cap + 1)`. */
export async function countUpTo(db: Knex, q: Knex.QueryBuilder, cap: number): Promise<{ n: number; capped: boolean }> {
  const rows = q
    .clone()
    .clearSelect()
    .clearOrder()
    .select(db.raw('1 as one'))
    .limit(cap + 1);
  const row = (await db.from(rows.as('capped')).count({ n: '*' }).first()) as { n: number | string } | undefined;
  const n = Number(row?.n ?? 0);
  return n > cap ? { n: cap, capped: true } : { n, capped: false };
}

/**
 * One page: `filter` (the list's WHERE, without joins) is counted up to COUNT_CAP rows; `rows` reads the page, either
 * a query to which LIMIT / OFFSET are added or a function given them.
 */
export async function pageOf<T>(
  db: Knex,
  filter: Knex.QueryBuilder,
  rows: Knex.QueryBuilder | ((limit: number, offset: number) => Promise<T[]>),
  page?: number,
  pageSize?: number,
): Promise<Page<T>> {
  const p = paging(page, pageSize);
  const cap = Math.max(COUNT_CAP, p.offset + p.pageSize);
  const read =
    typeof rows === 'function'
      ? rows(p.pageSize, p.offset)
      : (rows.clone().limit(p.pageSize).offset(p.offset) as Promise<T[]>);
  const [count, list] = await Promise.all([countUpTo(db, filter, cap), read]);
  return pageWith(p, count, list);
}

function pageWith<T>(p: ReturnType<typeof paging>, count: { n: number; capped: boolean }, list: T[]): Page<T> {
  const pages = count.capped
    ? Math.max(Math.ceil(count.n / p.pageSize), p.page + 1)
    : Math.max(1, Math.ceil(count.n / p.pageSize));
  return { rows: list, total: count.n, totalCapped: count.capped, page: p.page, pageSize: p.pageSize, pages };
}

/**
 * A search matching at most this many search keys (about one a person) reads its matches whole (searchPageOf). A
 * common surname is about 2 % of an insurer's persons (サトウ: 14,556 keys of 714,000 persons in the bench's 1,000,000
 * cases; 佐藤 is about 1.5 % of Japan); walking the フリガナ order to it took 5.4 s p95 on PostgreSQL there, reading its
 * matches whole 126 ms.
 */
export const FEW_MATCHES = 30_000;

/**
 * One page of a search, told whether the search matches few persons (FEW_MATCHES, counted on the search keys' index
 * alone). Few matches are read whole and sorted (`matchesFirst`): PostgreSQL would otherwise walk the list's order
 * index and probe each row against the search, expecting the matches spread evenly, and they are not (a 被保険者番号
 * prefix is one block of persons, a フリガナ one stretch of the kana order): 0.7–1 s at 100,000 cases on a loaded
 * machine, against a few ms from the matches. A broad search (one kana, one digit) finds a page soon by walking.
 */
export async function searchPageOf<T>(
  db: Knex,
  filter: Knex.QueryBuilder,
  keys: Knex.QueryBuilder,
  rows: (limit: number, offset: number, few: boolean) => Promise<T[]>,
  page?: number,
  pageSize?: number,
): Promise<Page<T>> {
  const p = paging(page, pageSize);
  const persons = await countUpTo(db, keys, FEW_MATCHES);
  const [count, list] = await Promise.all([
    countUpTo(db, filter, Math.max(COUNT_CAP, p.offset + p.pageSize)),
    rows(p.pageSize, p.offset, !persons.capped),
  ]);
  return pageWith(p, count, list);
}

/**
 * The matches of `filter` (selecting `columns`) as a materialised set, so the page's ORDER BY and LIMIT cannot be
 * pushed into it: read from the alias `m`.
 */
export function matchesFirst(db: Knex, filter: Knex.QueryBuilder, columns: string[]): Knex.QueryBuilder {
  return db.queryBuilder().withMaterialized('m', filter.clone().clearSelect().clearOrder().select(columns)).from('m');
}

/**
 * A search as people type it, made into a search key (db/migrations/…_person_search_keys): NFKC (full-width digits and
 * letters half-width), ひらがな → カタカナ, no spaces. Digits alone search 被保険者番号 (prefix, suffix or contains);
 * anything else 氏名 and フリガナ (the whole name or a given name, by prefix).
 */
export function normaliseSearch(q: string): { kind: 'insured_no' | 'name'; value: string } | null {
  const s = q
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
  if (!s) return null;
  return { kind: /^\d+$/.test(s) ? 'insured_no' : 'name', value: s };
}

/**
 * Restricts `column` (a 被保険者番号) to the insurer's persons with a search key starting with `value`; returns the
 * keys' query (one range of the primary key).
 */
export function wherePersonMatches(
  q: Knex.QueryBuilder,
  column: string,
  insurerNo: string,
  value: string,
): Knex.QueryBuilder {
  const keys = q.client.queryBuilder().from('person_search_keys').select('insured_no').where('insurer_no', insurerNo);
  wherePrefix(keys, 'search_key', value);
  q.whereIn(column, keys);
  return keys;
}

export function wherePrefix(q: Knex.QueryBuilder, column: string, value: string): void {
  q.where(column, '>=', value).andWhere(column, '<', value + PREFIX_END);
}

import type { Knex } from 'knex';
import type { FailureTally } from '../domain/security/login-throttle';

/** Failed logins of one login ID and of one address since `sinceMs`. */
export async function loginFailureTally(db: Knex, loginId: string, ip: string, sinceMs: number): Promise<FailureTally> {
  const tally = async (column: 'login_id' | 'ip', value: string) => {
    const row = await db('login_failures')
      .where(column, value)
      .andWhere('at_ms', '>=', sinceMs)
      .count({ n: '*' })
      .max({ last: 'at_ms' })
      .first();
    return { count: Number(row?.n ?? 0), lastAt: row?.last == null ? null : Number(row.last) };
  };
  const [account, address] = await Promise.all([tally('login_id', loginId), tally('ip', ip)]);
  return { account, address };
}

/** Records one failure and drops those that no window can count any more. */
export async function recordLoginFailure(db: Knex, loginId: string, ip: string, atMs: number, keepSinceMs: number) {
  await db('login_failures').insert({ login_id: loginId, ip, at_ms: atMs });
  await db('login_failures').where('at_ms', '<', keepSinceMs).delete();
}

/** A successful login forgets the account's failures (the address's stay counted). */
export async function clearLoginFailures(db: Knex, loginId: string): Promise<void> {
  await db('login_failures').where({ login_id: loginId }).delete();
}

/** Staff logins (municipal and care office). */
import type { Knex } from 'knex';

export interface UserRow {
  id: number;
  login_id: string;
  password_hash: string;
  display_name: string;
  role: string;
  office_no: string | null;
  insurer_no: string;
  active: boolean | number;
}

/** The active user with this login, if any. */
export async function findActiveUser(db: Knex, loginId: string): Promise<UserRow | undefined> {
  return db('users').where({ login_id: loginId, active: true }).first();
}

/** Every user (the demo driver picks actors by login). */
export async function listUsers(db: Knex): Promise<UserRow[]> {
  return db('users');
}

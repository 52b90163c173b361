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
  office_admin: boolean | number;
  must_change_password: boolean | number;
}

/** The active user with this login, if any. */
export async function findActiveUser(db: Knex, loginId: string): Promise<UserRow | undefined> {
  return db('users').where({ login_id: loginId, active: true }).first();
}

/** Every user (the demo driver picks actors by login). */
export async function listUsers(db: Knex): Promise<UserRow[]> {
  return db('users');
}

/** An account as the account pages show it (never the hash). */
export type AccountRow = Omit<UserRow, 'password_hash'>;

const ACCOUNT_COLUMNS = [
  'id',
  'login_id',
  'display_name',
  'role',
  'office_no',
  'insurer_no',
  'active',
  'office_admin',
  'must_change_password',
] as const;

/** The insurer's accounts: its city staff (officeNo null) or one office's staff; `admins` adds every office's administrators. */
export async function listAccounts(
  db: Knex,
  insurerNo: string,
  f: { officeNo: string | null; officeAdmins?: boolean },
): Promise<AccountRow[]> {
  const q = db('users').where({ insurer_no: insurerNo });
  if (f.officeNo) q.where({ office_no: f.officeNo });
  else
    q.where((w) => {
      w.whereNull('office_no');
      if (f.officeAdmins) w.orWhere((x) => x.whereNotNull('office_no').where('office_admin', true));
    });
  return q.orderBy([{ column: 'office_no' }, { column: 'login_id' }]).select(ACCOUNT_COLUMNS);
}

/** One account of the insurer; another insurer's is not found. */
export async function findAccount(db: Knex, insurerNo: string, id: number): Promise<AccountRow | undefined> {
  return db('users').where({ insurer_no: insurerNo, id }).first(ACCOUNT_COLUMNS);
}

export async function loginIdTaken(db: Knex, loginId: string): Promise<boolean> {
  return (await db('users').where({ login_id: loginId }).first('id')) != null;
}

export async function createAccount(
  db: Knex,
  a: {
    loginId: string;
    displayName: string;
    role: string;
    insurerNo: string;
    officeNo: string | null;
    officeAdmin: boolean;
    passwordHash: string;
  },
): Promise<number> {
  const [row] = await db('users')
    .insert({
      login_id: a.loginId,
      display_name: a.displayName,
      role: a.role,
      insurer_no: a.insurerNo,
      office_no: a.officeNo,
      office_admin: a.officeAdmin,
      password_hash: a.passwordHash,
      active: true,
      // whoever set the first password knows it: the owner chooses their own at first login
      must_change_password: true,
    })
    .returning('id');
  return typeof row === 'object' ? (row as { id: number }).id : Number(row);
}

export async function updateAccount(
  db: Knex,
  insurerNo: string,
  id: number,
  a: { displayName: string; role: string; officeAdmin: boolean; active: boolean },
): Promise<void> {
  await db('users')
    .where({ insurer_no: insurerNo, id })
    .update({ display_name: a.displayName, role: a.role, office_admin: a.officeAdmin, active: a.active });
}

/** Sets a password hash; `mustChange` when someone else set it (a reset). */
export async function setPassword(db: Knex, id: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await db('users').where({ id }).update({ password_hash: passwordHash, must_change_password: mustChange });
}

/** The account's current state for a request's checks (active, role, administrator, forced change). */
export async function accountState(
  db: Knex,
  id: number,
): Promise<{ active: boolean; role: string; officeAdmin: boolean; mustChangePassword: boolean } | undefined> {
  const r = await db('users').where({ id }).first('active', 'role', 'office_admin', 'must_change_password');
  return r
    ? {
        active: Boolean(r.active),
        role: String(r.role),
        officeAdmin: Boolean(r.office_admin),
        mustChangePassword: Boolean(r.must_change_password),
      }
    : undefined;
}

/** The password hash of an account (to check the current password before a change). */
export async function passwordHashOf(db: Knex, id: number): Promise<string | undefined> {
  return (await db('users').where({ id }).first('password_hash'))?.password_hash;
}

/**
 * 職員アカウント: lists, creates, changes, disables and resets accounts within what domain/accounts.ts lets the
 * manager touch; an account outside it is "not found", so a probe learns nothing. Passwords are bcrypt-hashed as the
 * seed's are.
 */
import bcrypt from 'bcryptjs';
import type { Repositories } from '../../db';
import type { AccountRow } from '../../db/users';
import {
  type AccountFacts,
  isMunicipalRole,
  mayManageAccount,
  officeRolesFor,
  passwordProblem,
} from '../../domain/accounts';
import type { Actor } from '../../domain/actor';
import { MUNICIPAL_ROLES } from '../../domain/accounts';
import type { Role } from '../../domain/certification/types';
import { NotFoundError, ValidationError } from '../errors';

const ROUNDS = 10;

export interface AccountInput {
  displayName: string;
  role: Role;
  officeNo: string | null;
  officeAdmin: boolean;
  active: boolean;
}

const factsOf = (a: AccountRow): AccountFacts => ({
  role: a.role as Role,
  insurerNo: a.insurer_no,
  officeNo: a.office_no,
  officeAdmin: Boolean(a.office_admin),
});

export class AccountService {
  constructor(private readonly repos: Repositories) {}

  /** The manager as the rule sees it, with the administrator flag as the database has it now. */
  async managerOf(actor: Actor): Promise<AccountFacts> {
    const state = await this.repos.users.accountState(actor.userId);
    return {
      role: actor.role,
      insurerNo: actor.insurerNo,
      officeNo: actor.officeNo,
      officeAdmin: !!state?.officeAdmin,
    };
  }

  /** The accounts the actor manages: the city's staff and office administrators, or its own office's staff. */
  async list(actor: Actor): Promise<AccountRow[]> {
    const m = await this.managerOf(actor);
    const rows = await this.repos.users.listAccounts(actor.insurerNo, {
      officeNo: isMunicipalRole(actor.role) ? null : actor.officeNo,
      officeAdmins: isMunicipalRole(actor.role),
    });
    return rows.filter((r) => mayManageAccount(m, factsOf(r)));
  }

  async get(actor: Actor, id: number): Promise<AccountRow> {
    const row = Number.isSafeInteger(id) ? await this.repos.users.findAccount(actor.insurerNo, id) : undefined;
    if (!row || !mayManageAccount(await this.managerOf(actor), factsOf(row)))
      throw new NotFoundError('アカウントが見つかりません');
    return row;
  }

  /** The roles the actor may give an account of this office (null: city staff). */
  async rolesFor(actor: Actor, officeNo: string | null): Promise<Role[]> {
    if (officeNo == null) return isMunicipalRole(actor.role) ? [...MUNICIPAL_ROLES] : [];
    return officeRolesFor(await this.repos.officeRegister.serviceTypesOf(officeNo));
  }

  /** Refuses an account the manager could not manage once saved, or a role its office cannot hold. */
  private async check(actor: Actor, a: AccountInput): Promise<void> {
    const office = a.officeNo ? await this.repos.officeRegister.findOffice(actor.insurerNo, a.officeNo) : null;
    if (a.officeNo && !office)
      throw new ValidationError([{ field: 'officeNo', message: '事業所番号が台帳にありません' }]);
    const target: AccountFacts = {
      role: a.role,
      insurerNo: actor.insurerNo,
      officeNo: a.officeNo,
      officeAdmin: a.officeAdmin,
    };
    if (!mayManageAccount(await this.managerOf(actor), target))
      throw new ValidationError([{ field: 'role', message: 'この役割・所属のアカウントは作成・変更できません' }]);
    if (!(await this.rolesFor(actor, a.officeNo)).includes(a.role))
      throw new ValidationError([{ field: 'role', message: 'この所属では選べない役割です' }]);
  }

  async create(actor: Actor, loginId: string, password: string, a: AccountInput): Promise<number> {
    await this.check(actor, a);
    const problem = passwordProblem(password, loginId);
    if (problem) throw new ValidationError([{ field: 'password', message: problem }]);
    if (await this.repos.users.loginIdTaken(loginId))
      throw new ValidationError([{ field: 'loginId', message: 'このログインIDは既に使われています' }]);
    return this.repos.users.createAccount({
      loginId,
      displayName: a.displayName,
      role: a.role,
      insurerNo: actor.insurerNo,
      officeNo: a.officeNo,
      officeAdmin: a.officeAdmin,
      passwordHash: await bcrypt.hash(password, ROUNDS),
    });
  }

  /** Changes name, role, administrator flag and active; the office of an account never changes. */
  async update(actor: Actor, id: number, a: Omit<AccountInput, 'officeNo'>): Promise<AccountRow> {
    const row = await this.get(actor, id);
    if (row.id === actor.userId && (!a.active || a.role !== row.role))
      throw new ValidationError([{ field: 'active', message: '自分自身の役割の変更・利用停止はできません' }]);
    await this.check(actor, { ...a, officeNo: row.office_no });
    await this.repos.users.updateAccount(actor.insurerNo, id, a);
    return row;
  }

  /** Sets a temporary password the owner must change at next login. */
  async resetPassword(actor: Actor, id: number, password: string): Promise<AccountRow> {
    const row = await this.get(actor, id);
    const problem = passwordProblem(password, row.login_id);
    if (problem) throw new ValidationError([{ field: 'password', message: problem }]);
    await this.repos.users.setPassword(id, await bcrypt.hash(password, ROUNDS), true);
    return row;
  }

  /** The owner's own change: the current password first, then the rule. */
  async changeOwnPassword(actor: Actor, current: string, next: string): Promise<void> {
    const hash = await this.repos.users.passwordHashOf(actor.userId);
    if (!hash || !(await bcrypt.compare(current, hash)))
      throw new ValidationError([{ field: 'current', message: '現在のパスワードが正しくありません' }]);
    if (current === next)
      throw new ValidationError([{ field: 'password', message: '現在と異なるパスワードにしてください' }]);
    const problem = passwordProblem(next, actor.loginId);
    if (problem) throw new ValidationError([{ field: 'password', message: problem }]);
    await this.repos.users.setPassword(actor.userId, await bcrypt.hash(next, ROUNDS), false);
  }

  /** The account as it is now: active, role, administrator, forced change (read on every signed-in request). */
  async state(actor: Actor) {
    return this.repos.users.accountState(actor.userId);
  }
}

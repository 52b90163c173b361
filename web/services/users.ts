import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import type { Actor } from '../../domain/actor';

/** Checks a login and returns the Actor, or null. Same timing whether the user exists or not. */
export class UserService {
  private static readonly DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.Bc3MX1Qm8/0ZGXUZXW1zRQ5F0lW6';
  constructor(private readonly db: Knex) {}

  async authenticate(loginId: string, password: string): Promise<Actor | null> {
    const user = await this.db('users').where({ login_id: loginId, active: true }).first();
    const ok = await bcrypt.compare(password, user?.password_hash ?? UserService.DUMMY_HASH);
    if (!user || !ok) return null;
    return {
      userId: user.id,
      loginId: user.login_id,
      displayName: user.display_name,
      role: user.role,
      officeNo: user.office_no ?? null,
      insurerNo: user.insurer_no,
    };
  }
}

import bcrypt from 'bcryptjs';
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';
import type { Role } from '../../domain/certification/types';

/** Checks a login and returns the Actor, or null. Same timing whether the user exists or not. */
export class UserService {
  private static readonly DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.Bc3MX1Qm8/0ZGXUZXW1zRQ5F0lW6';
  constructor(private readonly repos: Repositories) {}

  async authenticate(loginId: string, password: string): Promise<Actor | null> {
    const user = await this.repos.users.findActiveUser(loginId);
    const ok = await bcrypt.compare(password, user?.password_hash ?? UserService.DUMMY_HASH);
    if (!user || !ok) return null;
    return {
      userId: user.id,
      loginId: user.login_id,
      displayName: user.display_name,
      role: user.role as Role,
      officeNo: user.office_no ?? null,
      insurerNo: user.insurer_no,
      ...(user.office_admin ? { officeAdmin: true } : {}),
    };
  }
}

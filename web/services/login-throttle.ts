import type { Knex } from 'knex';
import { clearLoginFailures, loginFailureTally, recordLoginFailure } from '../../db/login-failures';
import { LOGIN_THROTTLE, lockedUntil, windowStart } from '../../domain/security/login-throttle';

/** Throttles password guessing per login ID and per address; `now` is injectable for tests. */
export class LoginThrottleService {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** Until when this login ID or address is locked (epoch ms), or null. */
  async lockedUntil(loginId: string, ip: string): Promise<number | null> {
    const at = this.now();
    return lockedUntil(await loginFailureTally(this.db, loginId, ip, windowStart(at)), at);
  }

  async failed(loginId: string, ip: string): Promise<void> {
    const at = this.now();
    await recordLoginFailure(this.db, loginId, ip, at, windowStart(at, LOGIN_THROTTLE));
  }

  async succeeded(loginId: string): Promise<void> {
    await clearLoginFailures(this.db, loginId);
  }
}

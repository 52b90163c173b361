import type { Repositories } from '../../db';
import { LOGIN_THROTTLE, lockedUntil, windowStart } from '../../domain/security/login-throttle';

/** Throttles password guessing per login ID and per address; `now` is injectable for tests. */
export class LoginThrottleService {
  constructor(
    private readonly repos: Repositories,
    private readonly now: () => number = Date.now,
  ) {}

  /** Until when this login ID or address is locked (epoch ms), or null. */
  async lockedUntil(loginId: string, ip: string): Promise<number | null> {
    const at = this.now();
    return lockedUntil(await this.repos.loginFailures.loginFailureTally(loginId, ip, windowStart(at)), at);
  }

  async failed(loginId: string, ip: string): Promise<void> {
    const at = this.now();
    await this.repos.loginFailures.recordLoginFailure(loginId, ip, at, windowStart(at, LOGIN_THROTTLE));
  }

  async succeeded(loginId: string): Promise<void> {
    await this.repos.loginFailures.clearLoginFailures(loginId);
  }
}

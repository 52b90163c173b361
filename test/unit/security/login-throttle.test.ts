import { LOGIN_THROTTLE, lockedUntil, windowStart } from '../../../domain/security/login-throttle';

const MIN = 60_000;
const now = Date.UTC(2026, 11, 4, 3, 0);
const none = { count: 0, lastAt: null };

describe('lockedUntil', () => {
  it('allows logins below the account limit', () => {
    expect(
      lockedUntil({ account: { count: LOGIN_THROTTLE.accountFailures - 1, lastAt: now }, address: none }, now),
    ).toBeNull();
  });
  it('locks the account for lockMinutes from its last failure once the limit is reached', () => {
    const tally = { account: { count: LOGIN_THROTTLE.accountFailures, lastAt: now - 2 * MIN }, address: none };
    expect(lockedUntil(tally, now)).toBe(now - 2 * MIN + LOGIN_THROTTLE.lockMinutes * MIN);
  });
  it('releases the lock once lockMinutes have passed', () => {
    const lastAt = now - LOGIN_THROTTLE.lockMinutes * MIN;
    expect(lockedUntil({ account: { count: 9, lastAt }, address: none }, now)).toBeNull();
  });
  it('locks an address that fails on many accounts', () => {
    const tally = {
      account: { count: 1, lastAt: now },
      address: { count: LOGIN_THROTTLE.addressFailures, lastAt: now },
    };
    expect(lockedUntil(tally, now)).toBe(now + LOGIN_THROTTLE.lockMinutes * MIN);
  });
  it('counts failures from the start of the window', () => {
    expect(windowStart(now)).toBe(now - LOGIN_THROTTLE.windowMinutes * MIN);
  });
});

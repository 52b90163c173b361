/**
 * Login throttling (OWASP ASVS 2.2.1): repeated wrong passwords lock the account for a while, and one address trying
 * many accounts is slowed the same way. Counts are of failures inside a sliding window; a success clears the account's.
 */
export interface LoginThrottlePolicy {
  /** Failures of one login ID inside the window that lock it. */
  accountFailures: number;
  /** Failures from one address inside the window (any login ID) that lock the address. */
  addressFailures: number;
  windowMinutes: number;
  /** How long a lock lasts, counted from the failure that set it. */
  lockMinutes: number;
}

export const LOGIN_THROTTLE: LoginThrottlePolicy = {
  accountFailures: 5,
  addressFailures: 20,
  windowMinutes: 15,
  lockMinutes: 15,
};

/** Failures seen for an account and for an address: their count in the window and the latest one's time. */
export interface FailureTally {
  account: { count: number; lastAt: number | null };
  address: { count: number; lastAt: number | null };
}

/** Start of the window that counts at `nowMs`. */
export function windowStart(nowMs: number, policy: LoginThrottlePolicy = LOGIN_THROTTLE): number {
  return nowMs - policy.windowMinutes * 60_000;
}

/** Until when logins are refused (epoch ms), or null when they are allowed now. */
export function lockedUntil(
  tally: FailureTally,
  nowMs: number,
  policy: LoginThrottlePolicy = LOGIN_THROTTLE,
): number | null {
  const until = (t: { count: number; lastAt: number | null }, limit: number) =>
    t.count >= limit && t.lastAt != null ? t.lastAt + policy.lockMinutes * 60_000 : null;
  const ends = [until(tally.account, policy.accountFailures), until(tally.address, policy.addressFailures)].filter(
    (x): x is number => x != null && x > nowMs,
  );
  return ends.length ? Math.max(...ends) : null;
}

/**
 * 職員アカウントの管理: who may create, change, disable and reset whose account, which roles each may give, and the
 * password rule. The city's 監督者 manages its own insurer's city staff and the offices' administrators; an office's
 * administrator manages its own office's staff only. Pure.
 */
import type { Role } from './certification/types';
import type { ServiceType } from './offices/service-types';

/** The roles of municipal staff (市の職員). */
export const MUNICIPAL_ROLES = ['intake', 'surveyor', 'board_secretariat', 'benefits', 'supervisor'] as const;
/** The roles of people outside the city: care office staff and medical institutions. */
export const OUTSIDE_ROLES = ['office_staff', 'doctor'] as const;

export function isMunicipalRole(role: string): boolean {
  return (MUNICIPAL_ROLES as readonly string[]).includes(role);
}

/** An account as the rule sees it (the manager's own account, or the one being managed, before or after a change). */
export interface AccountFacts {
  role: Role;
  insurerNo: string;
  officeNo: string | null;
  officeAdmin: boolean;
}

/** true when `manager` may change `target` (checked on the account as it is and as it would become). */
export function mayManageAccount(manager: AccountFacts, target: AccountFacts): boolean {
  if (manager.role === 'supervisor' && manager.officeNo == null)
    return (
      target.insurerNo === manager.insurerNo &&
      (isMunicipalRole(target.role) ? target.officeNo == null : target.officeNo != null && target.officeAdmin)
    );
  if (!isMunicipalRole(manager.role) && manager.officeAdmin && manager.officeNo != null)
    return (
      !isMunicipalRole(target.role) &&
      target.officeNo === manager.officeNo &&
      target.insurerNo === manager.insurerNo &&
      // administrators are the city's to make and change, so an office cannot multiply or lock out its own
      !target.officeAdmin
    );
  return false;
}

/** The roles an outside account of an office with these service types may hold: 医療機関 → doctor, care → staff. */
export function officeRolesFor(types: readonly ServiceType[] | readonly string[]): Role[] {
  const roles: Role[] = [];
  if (types.some((t) => t !== 'medical_institution')) roles.push('office_staff');
  if (types.includes('medical_institution')) roles.push('doctor');
  return roles;
}

/** パスワードの最小文字数 (NISC 統一基準 guidance: long passphrases rather than forced complexity). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** What is wrong with a new password, in Japanese, or null. */
export function passwordProblem(password: string, loginId: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください`;
  if (password.length > PASSWORD_MAX_LENGTH) return `パスワードは${PASSWORD_MAX_LENGTH}文字以内にしてください`;
  if (password.toLowerCase().includes(loginId.toLowerCase())) return 'パスワードにログインIDを含めないでください';
  if (new Set(password).size < 4) return 'パスワードに同じ文字を繰り返さないでください';
  return null;
}

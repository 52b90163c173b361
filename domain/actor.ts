import type { Role } from './certification/types';

/** Who performs an action: carried into every Update so validators can check the role, and into the history. */
export interface Actor {
  userId: number;
  loginId: string;
  displayName: string;
  role: Role;
  /** 事業所番号 for office staff, null for municipal staff. */
  officeNo: string | null;
  insurerNo: string;
  /** An office's administrator at login (menus only: the staff pages read users.office_admin again). */
  officeAdmin?: boolean;
}

/** The system itself (timers, automatic steps). */
export const SYSTEM_ACTOR_NAME = 'システム';

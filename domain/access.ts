/** Who may see and do what: office viewing rules and municipal role permissions [S49] [S50] [S52] [S53] [S54]. Pure. */
import type { IsoDate, Role } from './certification/types';
import { compareDates } from './dates';

/** 操作 (permission keys checked by the web and workflow layers). */
export const ACTIONS = [
  'certification.intake',
  'certification.withdraw',
  'certification.postpone',
  'survey.assign',
  'survey.record',
  'opinion.record',
  'case.hold',
  'board.schedule',
  'board.decide',
  'plan.file',
  'plan.review',
  'case.view_all',
  'case.history',
  /** Raw Temporal histories with their payloads decrypted (personal and medical data): the codec endpoint. */
  'history.decode',
  'dashboard.view',
  'settings.edit',
  /** 被保険者台帳: enter and correct 負担割合証, 負担限度額認定証 and 住宅改修・福祉用具 usage. */
  'register.edit',
] as const;
export type Action = (typeof ACTIONS)[number];

/** 担当事業所の期間 (endDate null = open) [S54]. */
export interface OfficeAssignment {
  officeNo: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

/** 本人同意 (包括的な同意) and its withdrawal [S52] [S53] [S50b]. */
export interface SharingConsent {
  granted: boolean;
  revokedOn?: IsoDate | null;
}

/**
 * 事業所の閲覧可否: needs 本人同意 granted and not withdrawn by today, AND either a 担当 assignment covering today
 * or a pending 代行申請 filed by this office [S49] [S52] [S53] [S54].
 */
export function officeMayViewPerson(input: {
  officeNo: string;
  today: IsoDate;
  assignments: OfficeAssignment[];
  consent: SharingConsent | null;
  pendingProxyApplicationOfficeNos: string[];
}): boolean {
  const { officeNo, today, assignments, consent } = input;
  if (!consent || !consent.granted) return false;
  if (consent.revokedOn && compareDates(consent.revokedOn, today) <= 0) return false;
  const assigned = assignments.some(
    (a) =>
      a.officeNo === officeNo &&
      compareDates(a.startDate, today) <= 0 &&
      (a.endDate == null || compareDates(today, a.endDate) <= 0),
  );
  return assigned || input.pendingProxyApplicationOfficeNos.includes(officeNo);
}

const MUNICIPAL_VIEW: Action[] = ['case.view_all', 'case.history', 'dashboard.view'];

/**
 * 役割ごとの権限 (§4.2 design proposal): every municipal role views all cases, history and the dashboard;
 * supervisor may do everything except plan.file; office_staff only 代行申請 and 居宅届 [S1] [S34] [S67].
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  intake: [
    'certification.intake',
    'certification.withdraw',
    'certification.postpone',
    'opinion.record',
    'case.hold',
    'survey.assign',
    ...MUNICIPAL_VIEW,
  ],
  surveyor: ['survey.record', 'case.hold', ...MUNICIPAL_VIEW],
  board_secretariat: ['board.schedule', 'board.decide', ...MUNICIPAL_VIEW],
  benefits: ['plan.review', 'register.edit', ...MUNICIPAL_VIEW],
  supervisor: ACTIONS.filter((a) => a !== 'plan.file'),
  office_staff: ['certification.intake', 'plan.file'],
};

/** 権限判定: true when the role's permission list contains the action (§4.2) [S34]. */
export function can(role: Role, action: Action): boolean {
  return ROLE_PERMISSIONS[role]?.includes(action) ?? false;
}

import type { Repositories } from '../../db';
import type { AuditFilter } from '../../db/audit';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import { addDays } from '../../domain/dates';

/** The audit log of who did what in the web app. Writes never block the user's action on failure. */
export class AuditService {
  constructor(private readonly repos: Repositories) {}

  /** `loginId` names the login tried when there is no actor (a failed login), so the insurer's log shows it. */
  async record(entry: {
    actor?: Actor | null;
    loginId?: string;
    action: string;
    target?: string | null;
    detail?: Record<string, unknown>;
    ip?: string | null;
  }) {
    await this.repos.audit.recordAudit({
      userId: entry.actor?.userId ?? null,
      loginId: entry.actor?.loginId ?? entry.loginId ?? null,
      action: entry.action,
      target: entry.target ?? null,
      detail: entry.detail ?? null,
      ip: entry.ip ?? null,
    });
  }

  /** One page of the 監査ログ of the actor's insurer, newest first. */
  async page(actor: Actor, f: AuditQuery & { page?: number }) {
    return this.repos.audit.listAudit({ ...filterOf(actor, f), page: f.page });
  }

  /** The filtered 監査ログ for a CSV: newest first, at most EXPORT_LIMIT rows (`capped` when there were more). */
  async exportRows(actor: Actor, f: AuditQuery) {
    const rows = await this.repos.audit.exportAudit(filterOf(actor, f), EXPORT_LIMIT + 1);
    return { rows: rows.slice(0, EXPORT_LIMIT), capped: rows.length > EXPORT_LIMIT };
  }
}

/** What a person filters the audit log by: dates are days in Japan, both ends included. */
export interface AuditQuery {
  loginId?: string;
  from?: IsoDate;
  to?: IsoDate;
  action?: string;
  insuredNo?: string;
}

/** One CSV holds at most this many rows; a longer period is exported in parts. */
export const EXPORT_LIMIT = 10000;

/** The start of a day in Japan (UTC+9, no daylight saving) as the UTC ISO text `audit_log.at` holds. */
const jstDayStart = (d: IsoDate) => new Date(`${d}T00:00:00+09:00`).toISOString();

function filterOf(actor: Actor, f: AuditQuery): AuditFilter {
  return {
    insurerNo: actor.insurerNo,
    loginId: f.loginId,
    fromAt: f.from ? jstDayStart(f.from) : undefined,
    toAt: f.to ? jstDayStart(addDays(f.to, 1)) : undefined,
    action: f.action,
    insuredNo: f.insuredNo,
  };
}

import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';

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

  /** 監査ログ of the actor's insurer, newest first. */
  async page(actor: Actor, f: { target?: string; page?: number }) {
    return this.repos.audit.listAudit({ insurerNo: actor.insurerNo, target: f.target, page: f.page });
  }
}

import type { Knex } from 'knex';
import type { Actor } from '../../domain/actor';

/** The audit log of who did what in the web app. Writes never block the user's action on failure. */
export class AuditService {
  constructor(private readonly db: Knex) {}

  async record(entry: {
    actor?: Actor | null;
    action: string;
    target?: string | null;
    detail?: Record<string, unknown>;
    ip?: string | null;
  }) {
    await this.db('audit_log').insert({
      at: new Date().toISOString(),
      user_id: entry.actor?.userId ?? null,
      login_id: entry.actor?.loginId ?? null,
      action: entry.action,
      target: entry.target ?? null,
      detail_json: entry.detail ? JSON.stringify(entry.detail) : null,
      ip: entry.ip ?? null,
    });
  }

  async recent(opts: { target?: string; limit?: number } = {}) {
    const q = this.db('audit_log')
      .orderBy('id', 'desc')
      .limit(opts.limit ?? 100);
    if (opts.target) q.where({ target: opts.target });
    return q;
  }
}

/**
 * 保険者の設定 (/admin/insurer): the 監督者 reads and changes their own insurer's name, address, 利用開始日, the
 * データ移行完了 flag and the months after which an office's registration lapses. Only the actor's own insurer is
 * ever read or written: there is no insurer number in the route.
 */
import type { Repositories } from '../../db';
import type { InsurerRow, InsurerSettings } from '../../db/insurers';
import type { Actor } from '../../domain/actor';
import { NotFoundError } from '../errors';

export class InsurerService {
  constructor(private readonly repos: Repositories) {}

  async get(actor: Actor): Promise<InsurerRow> {
    const row = await this.repos.insurers.getInsurer(actor.insurerNo);
    if (!row) throw new NotFoundError('保険者が見つかりません');
    return row;
  }

  /** Saves and returns what changed (field → [before, after]) for the audit log; empty when nothing did. */
  async update(actor: Actor, s: InsurerSettings): Promise<Record<string, [unknown, unknown]>> {
    const before = await this.repos.insurers.updateInsurer(actor.insurerNo, s);
    if (!before) throw new NotFoundError('保険者が見つかりません');
    const changed: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(s) as [keyof InsurerSettings, unknown][])
      if (before[k] !== v) changed[k] = [before[k], v];
    return changed;
  }
}

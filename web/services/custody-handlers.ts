/**
 * カードの取扱者 (管理を行う者の範囲を定める): the office administrator names and withdraws the staff who may handle
 * residents' cards. Every view and change is audited.
 */
import type { Repositories } from '../../db';
import type { OfficeScope } from '../../db/custody';
import type { Actor } from '../../domain/actor';
import { mayGrantHandler, mayHandleCards } from '../../domain/custody/rules';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { AuditService } from './audit';
import type { CustodyContext } from './custody';

/** The session's office and insurer; only office staff have one. */
export function officeScopeOf(actor: Actor): OfficeScope {
  if (actor.role !== 'office_staff' || !actor.officeNo) throw new ForbiddenError('事業所の職員のみ利用できます');
  return { officeNo: actor.officeNo, insurerNo: actor.insurerNo };
}

/** What the actor may do in the custody register now: handle cards, and whether the actor is the administrator. */
export async function custodyRoleOf(repos: Repositories, actor: Actor): Promise<{ handler: boolean; admin: boolean }> {
  const s = officeScopeOf(actor);
  const [facts, state] = await Promise.all([
    repos.custody.handlerFacts(s, actor.userId),
    repos.users.accountState(actor.userId),
  ]);
  return {
    handler: facts ? mayHandleCards(facts, s.officeNo) : false,
    admin: Boolean(state?.active && state.officeAdmin),
  };
}

export class CustodyHandlerService {
  constructor(
    private readonly repos: Repositories,
    private readonly audit: AuditService,
    private readonly now: () => number,
  ) {}

  private async assertAdmin(ctx: CustodyContext) {
    const r = await custodyRoleOf(this.repos, ctx.actor);
    if (!r.admin) {
      await this.audit.record({
        actor: ctx.actor,
        action: 'custody.refused',
        target: 'custody:handlers',
        detail: { officeNo: ctx.actor.officeNo, reason: 'admin' },
        ip: ctx.ip,
      });
      throw new ForbiddenError('事業所の管理者のみ利用できます');
    }
  }

  /** The office's staff and who handles cards (the administrator's page). Audited. */
  async handlers(ctx: CustodyContext) {
    await this.assertAdmin(ctx);
    const s = officeScopeOf(ctx.actor);
    const staff = await this.repos.custody.officeStaff(s);
    await this.audit.record({
      actor: ctx.actor,
      action: 'custody.handlers',
      target: `office:${s.officeNo}`,
      ip: ctx.ip,
    });
    return staff;
  }

  /** Names (grant) or withdraws a handler: the administrator, for an account of the office. */
  async setHandler(ctx: CustodyContext, userId: number, grant: boolean): Promise<void> {
    await this.assertAdmin(ctx);
    const s = officeScopeOf(ctx.actor);
    const target = await this.repos.custody.handlerFacts(s, userId);
    if (!target || !mayGrantHandler({ officeNo: s.officeNo, officeAdmin: true }, target))
      throw new NotFoundError('職員が見つかりません');
    if (grant && !target.active)
      throw new ValidationError([{ field: 'userId', message: '利用停止中の職員は取扱者にできません' }]);
    const g = { userId, byUserId: ctx.actor.userId, at: new Date(this.now()).toISOString() };
    const changed = grant ? await this.repos.custody.grantHandler(s, g) : await this.repos.custody.revokeHandler(s, g);
    if (!changed) return;
    if (grant)
      await this.audit.record({
        actor: ctx.actor,
        action: 'custody.handler_grant',
        target: `user:${userId}`,
        ip: ctx.ip,
      });
    else
      await this.audit.record({
        actor: ctx.actor,
        action: 'custody.handler_revoke',
        target: `user:${userId}`,
        ip: ctx.ip,
      });
  }
}

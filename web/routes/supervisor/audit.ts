/** 監査ログ: who did what, newest first, filtered by target. */
import type { Request, Response } from 'express';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { pageParam, pager, qs } from '../../views/common';

const ACTION_LABELS: Record<string, string> = {
  login: 'ログイン',
  'login.failed': 'ログイン失敗',
  logout: 'ログアウト',
  'person.view': '被保険者情報の閲覧',
  'office.person.view': '被保険者情報の閲覧（事業所）',
  'consent.revoke': '同意の撤回',
  'task.claim': '作業の担当',
  'task.release': '作業の担当解除',
  'application.receive': '認定申請の受付',
  'dashboard.export': 'CSV出力',
};

export function auditHandlers(services: Services) {
  return {
    page: async (req: Request, res: Response) => {
      const target = qs(req, 'target')?.slice(0, 120);
      const page = await services.audit.page(actorOf(req), { target, page: pageParam(req) });
      res.render('supervisor/audit', {
        title: '監査ログ',
        target,
        rows: page.rows.map((r) => ({ ...r, actionLabel: ACTION_LABELS[r.action] ?? r.action })),
        pager: pager(page, '/audit', { target }),
      });
    },
  };
}

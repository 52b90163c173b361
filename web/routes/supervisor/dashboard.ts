/** 進捗管理 (/dashboard): stage counts, overdue vs the 30-day rule, SLA, 延期通知, days to decision. No query. */
import type { Request, Response } from 'express';
import { CERTIFICATION_STAGES } from '../../../domain/certification/types';
import { addMonths, daysBetween } from '../../../domain/dates';
import { STAGE_LABELS } from '../../../domain/glossary';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

/** 決定までの平均日数 covers cases decided (処分) in the last 12 months, up to today (the page says from when). */
const AVERAGE_MONTHS = 12;

const OPEN_STAGES = CERTIFICATION_STAGES.filter((s) => !['withdrawn', 'rejected', 'closed', 'notified'].includes(s));

/** GET /dashboard. */
export function dashboardPage(services: Services) {
  return async (req: Request, res: Response) => {
    const on = services.today();
    const avgSince = addMonths(on, -AVERAGE_MONTHS);
    const { byStage, bySla, overdue, overdueTop, postponements, avgDays, oldest, breaches } =
      await services.dashboard.summary(actorOf(req), on, avgSince);
    const stageCount = new Map(byStage.map((r) => [r.stage, r.n]));
    res.render('supervisor/dashboard', {
      title: '進捗管理',
      today: on,
      // The link is built here: inside #each a bare {{stage}} calls the stage helper instead of reading the field.
      stages: OPEN_STAGES.map((s) => ({
        label: STAGE_LABELS[s],
        n: stageCount.get(s) ?? 0,
        href: `/cases?stage=${encodeURIComponent(s)}`,
      })),
      openTotal: byStage.reduce((s, r) => s + r.n, 0),
      sla: { at_risk: bySla.at_risk ?? 0, breached: bySla.breached ?? 0, on_track: bySla.on_track ?? 0 },
      overdue,
      overdueTop: overdueTop.map((c) => ({ ...c, daysOver: c.due_on ? daysBetween(c.due_on, on) : null })),
      postponements,
      breaches,
      // 0 days (decided on the day of application) is a figure; only "no decision in the period" has none.
      avgDays: avgDays === null ? '—' : `${avgDays}日`,
      avgMonths: AVERAGE_MONTHS,
      avgSince,
      oldest: oldest.map((c) => ({ ...c, elapsed: c.applied_on ? daysBetween(c.applied_on, on) : null })),
    });
  };
}

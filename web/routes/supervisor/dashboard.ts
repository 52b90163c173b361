/** 進捗管理 (supervisor dashboard): stage counts, overdue vs the 30-day rule, SLA, 延期通知, days to decision; CSV. */
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { CERTIFICATION_STAGES } from '../../../domain/certification/types';
import { addMonths, daysBetween } from '../../../domain/dates';
import { APPLICATION_TYPE_LABELS, STAGE_LABELS } from '../../../domain/glossary';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

/** 決定までの平均日数 covers cases decided (処分) in the last 12 months, up to today (the page says from when). */
const AVERAGE_MONTHS = 12;

const OPEN_STAGES = CERTIFICATION_STAGES.filter((s) => !['withdrawn', 'rejected', 'closed', 'notified'].includes(s));

export function dashboardHandlers(services: Services) {
  return {
    page: async (req: Request, res: Response) => {
      const on = services.today();
      const avgSince = addMonths(on, -AVERAGE_MONTHS);
      const { byStage, bySla, overdue, overdueTop, postponements, avgDays, oldest } = await services.dashboard.summary(
        actorOf(req),
        on,
        avgSince,
      );
      const stageCount = new Map(byStage.map((r) => [r.stage, r.n]));
      res.render('supervisor/dashboard', {
        title: '進捗管理',
        today: on,
        stages: OPEN_STAGES.map((s) => ({ stage: s, label: STAGE_LABELS[s], n: stageCount.get(s) ?? 0 })),
        openTotal: byStage.reduce((s, r) => s + r.n, 0),
        sla: { at_risk: bySla.at_risk ?? 0, breached: bySla.breached ?? 0, on_track: bySla.on_track ?? 0 },
        overdue,
        overdueTop: overdueTop.map((c) => ({ ...c, daysOver: c.due_on ? daysBetween(c.due_on, on) : null })),
        postponements,
        avgDays,
        avgMonths: AVERAGE_MONTHS,
        avgSince,
        oldest: oldest.map((c) => ({ ...c, elapsed: c.applied_on ? daysBetween(c.applied_on, on) : null })),
      });
    },

    /** 法定期限超過の案件 as CSV (UTF-8 with BOM so Excel opens it in Japanese). */
    overdueCsv: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const on = services.today();
      const rows = await services.dashboard.overdueCases(actor, on);
      const csv = stringify(
        rows.map((c) => [
          c.workflow_id,
          c.application_no ?? '',
          c.insured_no,
          c.person_name ?? '',
          c.application_type
            ? (APPLICATION_TYPE_LABELS[c.application_type as keyof typeof APPLICATION_TYPE_LABELS] ??
              c.application_type)
            : '',
          c.applied_on ?? '',
          c.due_on ?? '',
          c.due_on ? daysBetween(c.due_on, on) : '',
          STAGE_LABELS[c.stage as keyof typeof STAGE_LABELS] ?? c.stage,
        ]),
        {
          header: true,
          columns: [
            'ワークフローID',
            '受付番号',
            '被保険者番号',
            '氏名',
            '申請区分',
            '申請日',
            '法定期限',
            '超過日数',
            '進捗',
          ],
        },
      );
      await services.audit.record({
        actor,
        action: 'dashboard.export',
        target: 'csv:overdue',
        detail: { rows: rows.length },
        ip: req.ip,
      });
      res.type('text/csv; charset=utf-8');
      res.attachment(`overdue-${on}.csv`);
      res.send('\uFEFF' + csv);
    },
  };
}

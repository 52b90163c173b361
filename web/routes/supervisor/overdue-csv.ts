/** 法定期限超過の案件 as CSV (/dashboard/overdue.csv): UTF-8 with BOM so Excel opens it in Japanese. No query. */
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { daysBetween } from '../../../domain/dates';
import { APPLICATION_TYPE_LABELS, STAGE_LABELS } from '../../../domain/glossary';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

const COLUMNS = [
  'ワークフローID',
  '受付番号',
  '被保険者番号',
  '氏名',
  '申請区分',
  '申請日',
  '法定期限',
  '超過日数',
  '進捗',
];

/** GET /dashboard/overdue.csv: names and 被保険者番号, so never cached; the export is audited. */
export function overdueCsv(services: Services) {
  return async (req: Request, res: Response) => {
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
          ? (APPLICATION_TYPE_LABELS[c.application_type as keyof typeof APPLICATION_TYPE_LABELS] ?? c.application_type)
          : '',
        c.applied_on ?? '',
        c.due_on ?? '',
        c.due_on ? daysBetween(c.due_on, on) : '',
        STAGE_LABELS[c.stage as keyof typeof STAGE_LABELS] ?? c.stage,
      ]),
      { header: true, columns: COLUMNS },
    );
    await services.audit.record({
      actor,
      action: 'dashboard.export',
      target: 'csv:overdue',
      detail: { rows: rows.length },
      ip: req.ip,
    });
    res.set('Cache-Control', 'no-store');
    res.type('text/csv; charset=utf-8');
    res.attachment(`overdue-${on}.csv`);
    res.send('\uFEFF' + csv);
  };
}

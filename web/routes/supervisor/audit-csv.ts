/**
 * 監査ログのCSV出力 (/audit.csv): the rows the audit log's filter selects, newest first, for an auditor's own tools.
 * It names who looked at whom, so it is never cached, and the export is itself audited.
 */
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { auditActionLabel } from '../../../domain/audit';
import { formatWarekiDateTime } from '../../../domain/dates';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { parseAuditQuery } from './audit';

const COLUMNS = ['日時', 'ログインID', '操作', '操作コード', '対象', '詳細', 'IPアドレス', '記録時刻（UTC）'];

/** GET /audit.csv with the page's filters; a bad filter is a 400 with its message (the page shows the form). */
export function auditCsv(services: Services) {
  return async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const query = parseAuditQuery(req.query);
    const { rows, capped } = await services.audit.exportRows(actor, query);
    const csv = stringify(
      rows.map((r) => [
        formatWarekiDateTime(Date.parse(r.at)),
        r.login_id ?? '',
        auditActionLabel(r.action) ?? r.action,
        r.action,
        r.target ?? '',
        r.detail_json ?? '',
        r.ip ?? '',
        r.at,
      ]),
      { header: true, columns: COLUMNS },
    );
    await services.audit.record({
      actor,
      action: 'audit.export',
      target: null,
      detail: { filter: query, rows: rows.length, capped },
      ip: req.ip,
    });
    res.set('Cache-Control', 'no-store');
    res.type('text/csv; charset=utf-8');
    res.attachment(`audit-${services.today()}.csv`);
    // UTF-8 with BOM so Excel opens it in Japanese.
    res.send('\uFEFF' + csv);
  };
}

/**
 * 国保連への受給者異動 (/kokuhoren): the insurer's daily export files with their counts and a download each, how many
 * records wait, and 本日分を作成 (POST /kokuhoren/export): the unsent records become today's file and are marked sent;
 * a second export the same day answers the same file. /kokuhoren/batches/:id downloads one file as written.
 */
import type { Request, Response } from 'express';
import { formatWarekiDateTime } from '../../../domain/dates';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';
import { batchFileName } from '../../services/kokuhoren';

export function kokuhorenHandlers(services: Services) {
  return {
    list: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const { batches, pending } = await services.kokuhoren.overview(actor);
      const today = services.today();
      res.render('caseworker/kokuhoren', {
        title: '国保連への受給者異動',
        pending,
        today,
        exportedToday: batches.some((b) => b.batch_date === today),
        batches: batches.map((b) => ({
          ...b,
          fileName: batchFileName(b),
          createdAt: formatWarekiDateTime(Date.parse(b.created_at)),
        })),
      });
    },

    export: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const result = await services.kokuhoren.exportDay(actor, services.today());
      if (result?.created)
        await services.audit.record({
          actor,
          action: 'kokuhoren.export',
          target: `kokuhoren:${result.batch.id}`,
          detail: {
            batchDate: result.batch.batch_date,
            records: result.batch.record_count,
            corrections: result.batch.correction_count,
            sha256: result.batch.sha256,
          },
          ip: req.ip,
        });
      req.session.flash = !result
        ? '送る受給者異動はありません（ファイルは作成していません）'
        : result.created
          ? `本日分のファイルを作成しました（${result.batch.record_count}件）`
          : '本日分のファイルは作成済みです（同じファイルをダウンロードできます）';
      res.redirect(303, '/kokuhoren');
    },

    download: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const batch = await services.kokuhoren.batch(actor, String(req.params.id));
      await services.audit.record({
        actor,
        action: 'kokuhoren.download',
        target: `kokuhoren:${batch.id}`,
        detail: { batchDate: batch.batch_date, records: batch.record_count, sha256: batch.sha256 },
        ip: req.ip,
      });
      res.set('Cache-Control', 'no-store');
      res.type('text/csv; charset=utf-8');
      res.attachment(batchFileName(batch));
      res.send(Buffer.from(batch.content, 'utf8'));
    },
  };
}

/**
 * 台帳の取込 (/register/imports): the upload form and the list of imports; /register/imports/:id shows one import's
 * progress (from register_imports, which the workflow keeps) and its row errors by line.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { can } from '../../../../domain/access';
import { IMPORT_LAYOUTS } from '../../../../domain/register/import-layout';
import { ValidationError } from '../../../errors';
import { redirectWithErrors, takeKeptForm } from '../../../form-state';
import { actorOf } from '../../../middleware/auth';
import type { UploadedFile } from '../../../multipart';
import type { Services } from '../../../services';

const STATUS_LABELS: Record<string, string> = {
  validating: '検査中',
  applying: '反映中',
  done: '完了',
  failed: '取込できません',
};

/** The upload: one non-empty .csv file. */
export const uploadSchema = z.object({
  file: z
    .object({ name: z.string(), content: z.string() }, { error: '取り込むファイルを選択してください' })
    .refine((f) => f.name !== '' && f.content !== '', '取り込むファイルを選択してください')
    .refine((f) => /\.csv$/i.test(f.name), 'CSVファイル（.csv）を選択してください'),
});

const view = <R extends { status: string; kind: string | null }>(r: R) => ({
  ...r,
  statusLabel: STATUS_LABELS[r.status] ?? r.status,
  kindLabel: r.kind ? (IMPORT_LAYOUTS[r.kind as keyof typeof IMPORT_LAYOUTS]?.label ?? r.kind) : '—',
});

export function importHandlers(services: Services) {
  return {
    list: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const kept = takeKeptForm(req);
      res.render('caseworker/register-imports', {
        title: '台帳の取込',
        imports: (await services.register.imports(actor)).map(view),
        layouts: Object.values(IMPORT_LAYOUTS).map((l) => ({ label: l.label, header: l.columns.join(',') })),
        canUpload: can(actor.role, 'register.edit'),
        errors: kept?.errors,
        fieldErrors: Object.fromEntries((kept?.errors ?? []).map((e) => [e.field, e.message])),
      });
    },

    upload: async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const parsed = uploadSchema.safeParse({ file: (req.body as { file?: UploadedFile })?.file });
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({ field: 'file', message: i.message }));
        // The file itself is not kept: only the message.
        req.body = {};
        return redirectWithErrors(req, res, '/register/imports', new ValidationError(errors).errors);
      }
      const { importId } = await services.registerImport.start({
        insurerNo: actor.insurerNo,
        fileName: parsed.data.file.name,
        content: parsed.data.file.content,
        uploadedBy: actor.loginId,
        today: services.today(),
      });
      await services.audit.record({
        actor,
        action: 'register.import',
        target: `import:${importId}`,
        detail: { fileName: parsed.data.file.name },
        ip: req.ip,
      });
      req.session.flash = `${parsed.data.file.name} の取込を開始しました`;
      res.redirect(303, `/register/imports/${importId}`);
    },

    show: async (req: Request, res: Response) => {
      const { row, errors } = await services.register.importDetail(actorOf(req), String(req.params.id));
      res.render('caseworker/register-import', {
        title: `取込 ${row.file_name}`,
        imp: view(row),
        errors: errors.map((e) => ({ ...e, column: e.column_name ?? '' })),
        running: row.status === 'validating' || row.status === 'applying',
      });
    },
  };
}

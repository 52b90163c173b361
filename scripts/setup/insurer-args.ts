/**
 * The arguments of `npm run setup:insurer`, checked before anything is written: the 保険者番号, the insurer's name and
 * prefecture, and its first 監督者 (the password from KAIGO_ADMIN_PASSWORD, so it stays out of the shell history).
 */
import { z } from 'zod';
import { passwordProblem } from '../../domain/accounts';
import type { IsoDate } from '../../domain/certification/types';
import { parseDateInput } from '../../domain/dates';
import { INSURER_NUMBER_MESSAGE, isInsurerNumber } from '../../domain/people/identifiers';

export const SETUP_USAGE =
  '使い方: KAIGO_ADMIN_PASSWORD=… npm run setup:insurer -- --insurer 保険者番号 --name 保険者名 --prefecture 都道府県 ' +
  '--admin ログインID --admin-name 氏名 [--address 所在地] [--phone 電話番号] [--start 利用開始日]';

export interface SetupInsurer {
  insurerNo: string;
  name: string;
  prefecture: string;
  address: string | null;
  phone: string | null;
  onlineStartOn: IsoDate | null;
  admin: { loginId: string; displayName: string; password: string };
}

const schema = z.object({
  insurer: z.string({ error: '--insurer: ' + INSURER_NUMBER_MESSAGE }).refine(isInsurerNumber, INSURER_NUMBER_MESSAGE),
  name: z.string({ error: '--name: 保険者名を指定してください' }).min(1, '--name: 保険者名を指定してください'),
  prefecture: z.string({ error: '--prefecture: 都道府県を指定してください' }).min(1),
  admin: z
    .string({ error: '--admin: 監督者のログインIDを指定してください' })
    .regex(/^[a-z0-9._-]{3,40}$/, '--admin: ログインIDは英小文字・数字・._-の3〜40文字にしてください'),
  'admin-name': z.string({ error: '--admin-name: 監督者の氏名を指定してください' }).min(1),
  address: z.string().optional(),
  phone: z.string().optional(),
  start: z.string().optional(),
});

function options(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++)
    if (argv[i].startsWith('--') && argv[i + 1] != null && !argv[i + 1].startsWith('--'))
      out[argv[i].slice(2)] = argv[++i];
  return out;
}

/** The setup, or the Japanese reasons it cannot run. */
export function parseSetupArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { setup: SetupInsurer } | { errors: string[] } {
  const r = schema.safeParse(options(argv));
  const errors = r.success ? [] : r.error.issues.map((i) => i.message);
  const password = env.KAIGO_ADMIN_PASSWORD ?? '';
  const loginId = r.success ? r.data.admin : '';
  if (!password) errors.push('KAIGO_ADMIN_PASSWORD: 監督者の初期パスワードを環境変数で指定してください');
  else if (loginId) {
    const problem = passwordProblem(password, loginId);
    if (problem) errors.push(`KAIGO_ADMIN_PASSWORD: ${problem}`);
  }
  const start = r.success && r.data.start ? parseDateInput(r.data.start) : null;
  if (r.success && r.data.start && !start) errors.push('--start: 利用開始日を正しい日付で指定してください');
  if (!r.success || errors.length) return { errors };
  const d = r.data;
  return {
    setup: {
      insurerNo: d.insurer,
      name: d.name,
      prefecture: d.prefecture,
      address: d.address ?? null,
      phone: d.phone ?? null,
      onlineStartOn: start,
      admin: { loginId: d.admin, displayName: d['admin-name'], password },
    },
  };
}

/**
 * `npm run setup:insurer -- …`: a real deployment's first step, instead of the demo data. Creates the insurer and its
 * first 監督者 (who must choose a new password at first login); that supervisor then sets 利用開始日 and データ移行完了
 * on /admin/insurer, registers offices and accounts on the admin pages, and loads the register with the import.
 * Running it again for the same insurer changes nothing.
 */
import bcrypt from 'bcryptjs';
import { loadConfig } from '../config';
import { createRepositories } from '../db';
import { migrateLatest, openDatabase } from '../db/connection';
import { parseSetupArgs, SETUP_USAGE } from './setup/insurer-args';

async function main(): Promise<number> {
  const parsed = parseSetupArgs(process.argv.slice(2), process.env);
  if ('errors' in parsed) {
    for (const e of parsed.errors) console.error(e);
    console.error(SETUP_USAGE);
    return 2;
  }
  const s = parsed.setup;
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateLatest(db);
    const created = await createRepositories(db).insurers.createInsurer(
      {
        insurer_no: s.insurerNo,
        name: s.name,
        prefecture: s.prefecture,
        address: s.address,
        phone: s.phone,
        online_start_on: s.onlineStartOn,
        registration_lapse_months: 6,
      },
      {
        loginId: s.admin.loginId,
        displayName: s.admin.displayName,
        passwordHash: await bcrypt.hash(s.admin.password, 10),
      },
    );
    console.log(
      created
        ? `保険者 ${s.insurerNo} ${s.name} と監督者 ${s.admin.loginId} を登録しました。初回ログイン時にパスワードの変更が必要です。`
        : `保険者 ${s.insurerNo} またはログインID ${s.admin.loginId} は登録済みです。何も変更していません。`,
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

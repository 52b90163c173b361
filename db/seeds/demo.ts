import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/certification/types';
import { addDays, addMonths, endOfMonth, startOfMonth } from '../../domain/dates';
import { copayPeriodOf } from '../../domain/register/periods';
import { jstInstant } from '../../domain/custody/rules';
import { recordCertificate, recordUsage } from '../register';

/** Demo insurer: 熊本県宇城市. The 保険者番号 is a demo value, not the city's real one. */
export const DEMO_INSURER_NO = '432130';
/** Password of every demo login (development only). */
export const DEMO_PASSWORD = 'kaigo-demo-2026';

export const DEMO_OFFICES = [
  {
    office_no: '4370100011',
    name: '居宅介護支援事業所 うきの里',
    kind: 'home_care_support',
    address: '熊本県宇城市松橋町松橋1-1',
    phone: '0964-32-0001',
  },
  {
    office_no: '4370100029',
    name: '宇城市地域包括支援センター',
    kind: 'community_support_center',
    address: '熊本県宇城市松橋町大野85',
    phone: '0964-32-0002',
  },
  {
    office_no: '4370100037',
    name: 'ケアプランセンター しらぬい',
    kind: 'home_care_support',
    address: '熊本県宇城市不知火町高良2-3',
    phone: '0964-32-0003',
  },
  {
    office_no: '4370100045',
    name: '特別養護老人ホーム みすみ苑',
    kind: 'facility',
    address: '熊本県宇城市三角町三角浦4-5',
    phone: '0964-32-0004',
  },
  {
    office_no: '4310100019',
    name: '宇城ひかり病院',
    kind: 'medical_institution',
    address: '熊本県宇城市松橋町久具6-7',
    phone: '0964-32-0005',
  },
] as const;

/** A second demo insurer (demo number) whose 利用開始日 has not come: the "not yet available" side. */
export const PRE_START_INSURER = {
  insurer_no: '439988',
  name: 'デモ町（利用開始前）',
  office: {
    office_no: '4398800011',
    name: 'デモ町居宅介護支援センター',
    kind: 'home_care_support',
    address: '熊本県デモ町1-1',
    phone: '0964-00-0000',
  },
  user: { login_id: 'demomachi', display_name: '出茂 町子', role: 'office_staff', office_no: '4398800011' },
} as const;

/** 指定サービス種別 of each demo office (office_service_types). */
export const DEMO_OFFICE_SERVICE_TYPES: Readonly<Record<string, readonly string[]>> = {
  '4370100011': ['home_care_support'],
  '4370100029': ['community_support_center', 'preventive_support'],
  '4370100037': ['home_care_support', 'home_visit_day_short'],
  '4370100045': ['insurance_facility', 'home_visit_day_short'],
  '4310100019': ['medical_institution'],
  [PRE_START_INSURER.office.office_no]: ['home_care_support'],
};

/** Demo logins, one or more per role; each office's first login is its administrator. */
export const DEMO_USERS = [
  { login_id: 'nintei', display_name: '松橋 花子', role: 'intake', office_no: null, office_admin: false },
  { login_id: 'chosa', display_name: '小川 健', role: 'surveyor', office_no: null, office_admin: false },
  { login_id: 'shinsakai', display_name: '豊野 誠', role: 'board_secretariat', office_no: null, office_admin: false },
  { login_id: 'kyufu', display_name: '三角 陽子', role: 'benefits', office_no: null, office_admin: false },
  { login_id: 'kakaricho', display_name: '不知火 修', role: 'supervisor', office_no: null, office_admin: false },
  {
    login_id: 'ukinosato',
    display_name: '宇土 明美',
    role: 'office_staff',
    office_no: '4370100011',
    office_admin: true,
  },
  { login_id: 'houkatsu', display_name: '郡浦 正', role: 'office_staff', office_no: '4370100029', office_admin: true },
  { login_id: 'shiranui', display_name: '網田 恵', role: 'office_staff', office_no: '4370100037', office_admin: true },
  {
    login_id: 'misumien',
    display_name: '戸馳 和子',
    role: 'office_staff',
    office_no: '4370100045',
    office_admin: true,
  },
  { login_id: 'ishi', display_name: '郡浦 医師', role: 'doctor', office_no: '4310100019', office_admin: true },
  // みすみ苑's 生活相談員, named card handler by its administrator (the 預かり管理簿's demo user)
  {
    login_id: 'misumi-sodan',
    display_name: '赤瀬 亮',
    role: 'office_staff',
    office_no: '4370100045',
    office_admin: false,
  },
] as const;

/** Last day of the month `monthsAhead` months from today's (certifications end on a month end). */
function monthEnd(today: IsoDate, monthsAhead: number): IsoDate {
  return endOfMonth(addMonths(startOfMonth(today), monthsAhead));
}

/**
 * The demo persons' birth dates: `years` old today, born `days` days before that birthday, so every age (75+,
 * 第2号 40–64) holds on any day the demo starts. 居宅届 demo filings name the same date.
 */
const BIRTHS: Record<string, { years: number; days: number }> = {
  '0000100001': { years: 86, days: 40 },
  '0000100002': { years: 90, days: 150 },
  '0000100003': { years: 81, days: 300 },
  '0000100004': { years: 88, days: 10 },
  '0000100005': { years: 76, days: 200 },
  '0000100006': { years: 93, days: 100 },
  '0000100007': { years: 61, days: 120 },
  '0000100008': { years: 96, days: 250 },
  '0000100009': { years: 91, days: 70 },
  '0000100010': { years: 95, days: 180 },
  '0000100011': { years: 87, days: 20 },
};

/** みすみ苑 (特養) and its residents whose cards it keeps (CUSTODY) or may start keeping (the third). */
export const DEMO_FACILITY = {
  officeNo: '4370100045',
  residents: ['0000100009', '0000100010', '0000100011'],
  /** The resident whose card was taken out the day before yesterday and not returned: 返却遅れ. */
  overdue: '0000100010',
} as const;
export function demoBirthDate(today: IsoDate, insuredNo: string): IsoDate {
  const b = BIRTHS[insuredNo];
  return addDays(addMonths(today, -12 * b.years), -b.days);
}

/** Where the demo persons live (demo street numbers; the 郵便番号 of each 町 as the notices print it). */
const DEMO_POSTAL_ADDRESSES: Record<string, { postal_code: string; address: string }> = {
  '0000100001': { postal_code: '869-0532', address: '熊本県宇城市松橋町松橋123番地' },
  '0000100002': { postal_code: '869-0502', address: '熊本県宇城市松橋町久具456番地の2' },
  '0000100003': { postal_code: '869-0606', address: '熊本県宇城市小川町小川78番地' },
  '0000100004': { postal_code: '869-0552', address: '熊本県宇城市不知火町高良901番地 ひかりハイツ102号' },
  '0000100005': { postal_code: '869-3207', address: '熊本県宇城市三角町三角浦34番地' },
  '0000100006': { postal_code: '869-0416', address: '熊本県宇城市不知火町長崎56番地' },
  '0000100007': { postal_code: '869-4301', address: '熊本県宇城市豊野町糸石7番地' },
  '0000100008': { postal_code: '869-3205', address: '熊本県宇城市三角町郡浦8番地' },
};

/** Loads the demo data relative to `today`. Idempotent: does nothing when the insurer already exists. */
export async function seedDemoData(db: Knex, opts: { today: string; passwordRounds?: number }): Promise<boolean> {
  if (await db('insurers').where({ insurer_no: DEMO_INSURER_NO }).first()) return false;
  const today = opts.today;
  const now = new Date().toISOString();
  const hash = await bcrypt.hash(DEMO_PASSWORD, opts.passwordRounds ?? 10);
  await db.transaction(async (trx) => {
    await trx('insurers').insert({
      insurer_no: DEMO_INSURER_NO,
      name: '宇城市',
      prefecture: '熊本県',
      address: '熊本県宇城市松橋町大野85',
      postal_code: '869-0592',
      section: '健康福祉部 高齢介護課',
      document_prefix: '宇介',
      phone: '0964-32-1111',
      // 宇城市's real 利用開始日 is 2027-05-27 (the seed); the demo puts it in the past so the offices' pages work
      online_start_on: addDays(today, -60),
      data_migrated: true,
      registration_lapse_months: 6,
    });
    // A second insurer whose 利用開始日 is still ahead: its office sees 「まだご利用いただけません」 and its
    // registration requests wait for the city.
    await trx('insurers').insert({
      insurer_no: PRE_START_INSURER.insurer_no,
      name: PRE_START_INSURER.name,
      prefecture: '熊本県',
      online_start_on: addMonths(today, 6),
      data_migrated: false,
      registration_lapse_months: 6,
    });
    await trx('offices').insert(DEMO_OFFICES.map((o) => ({ ...o, insurer_no: DEMO_INSURER_NO })));
    await trx('offices').insert({ ...PRE_START_INSURER.office, insurer_no: PRE_START_INSURER.insurer_no });
    await trx('office_service_types').insert(
      Object.entries(DEMO_OFFICE_SERVICE_TYPES).flatMap(([office_no, types]) =>
        types.map((service_type) => ({ office_no, service_type })),
      ),
    );
    await trx('users').insert(
      DEMO_USERS.map((u) => ({ ...u, password_hash: hash, insurer_no: DEMO_INSURER_NO, active: true })),
    );
    await trx('users').insert({
      ...PRE_START_INSURER.user,
      password_hash: hash,
      insurer_no: PRE_START_INSURER.insurer_no,
      active: true,
    });

    // Insured persons in varied states: certified, expiring (inside the renewal window), uncertified, 要支援, deceased.
    const persons = [
      {
        insured_no: '0000100001',
        name: '宇城 太郎',
        kana: 'ウキ タロウ',
        birth_date: demoBirthDate(today, '0000100001'),
        sex: '1',
        care_level: 'care_2',
        cert_valid_from: addDays(monthEnd(today, -7), 1),
        cert_valid_to: monthEnd(today, 5),
        plan_office_no: '4370100011',
      },
      {
        insured_no: '0000100002',
        name: '松橋 ハナ',
        kana: 'マツバセ ハナ',
        birth_date: demoBirthDate(today, '0000100002'),
        sex: '2',
        care_level: 'care_1',
        // Ends 15–45 days from today, so the demo renewal filed 12 days ago is inside the 60-day window.
        cert_valid_from: startOfMonth(addMonths(endOfMonth(addDays(today, 15)), -11)),
        cert_valid_to: endOfMonth(addDays(today, 15)),
        plan_office_no: '4370100011',
      },
      {
        insured_no: '0000100003',
        name: '小川 一郎',
        kana: 'オガワ イチロウ',
        birth_date: demoBirthDate(today, '0000100003'),
        sex: '1',
        care_level: null,
        cert_valid_from: null,
        cert_valid_to: null,
        plan_office_no: null,
      },
      {
        insured_no: '0000100004',
        name: '豊野 キヨ',
        kana: 'トヨノ キヨ',
        birth_date: demoBirthDate(today, '0000100004'),
        sex: '2',
        care_level: 'support_2',
        cert_valid_from: addDays(monthEnd(today, -3), 1),
        cert_valid_to: monthEnd(today, 9),
        plan_office_no: '4370100029',
      },
      {
        insured_no: '0000100005',
        name: '三角 正男',
        kana: 'ミスミ マサオ',
        birth_date: demoBirthDate(today, '0000100005'),
        sex: '1',
        care_level: null,
        cert_valid_from: null,
        cert_valid_to: null,
        plan_office_no: null,
      },
      {
        insured_no: '0000100006',
        name: '不知火 ミツ',
        kana: 'シラヌイ ミツ',
        birth_date: demoBirthDate(today, '0000100006'),
        sex: '2',
        care_level: 'care_4',
        cert_valid_from: addDays(monthEnd(today, -20), 1),
        cert_valid_to: monthEnd(today, 16),
        plan_office_no: '4370100037',
      },
      {
        insured_no: '0000100007',
        name: '郡浦 勝',
        kana: 'コオノウラ マサル',
        birth_date: demoBirthDate(today, '0000100007'),
        sex: '1',
        care_level: null,
        cert_valid_from: null,
        cert_valid_to: null,
        plan_office_no: null,
        insured_category: 2,
      },
      {
        insured_no: '0000100008',
        name: '網田 トメ',
        kana: 'オウダ トメ',
        birth_date: demoBirthDate(today, '0000100008'),
        sex: '2',
        care_level: 'care_3',
        cert_valid_from: addDays(monthEnd(today, -24), 1),
        cert_valid_to: monthEnd(today, -1),
        plan_office_no: null,
        status: 'deceased',
      },
      // みすみ苑's residents (特養: no 居宅届, the facility makes the plan)
      {
        insured_no: '0000100009',
        name: '戸馳 ヨシ',
        kana: 'トバセ ヨシ',
        birth_date: demoBirthDate(today, '0000100009'),
        sex: '2',
        care_level: 'care_4',
        cert_valid_from: addDays(monthEnd(today, -10), 1),
        cert_valid_to: monthEnd(today, 14),
        plan_office_no: null,
      },
      {
        insured_no: '0000100010',
        name: '赤瀬 スエ',
        kana: 'アカセ スエ',
        birth_date: demoBirthDate(today, '0000100010'),
        sex: '2',
        care_level: 'care_5',
        cert_valid_from: addDays(monthEnd(today, -4), 1),
        cert_valid_to: monthEnd(today, 20),
        plan_office_no: null,
      },
      {
        insured_no: '0000100011',
        name: '大岳 定雄',
        kana: 'オオタケ サダオ',
        birth_date: demoBirthDate(today, '0000100011'),
        sex: '1',
        care_level: 'care_3',
        cert_valid_from: addDays(monthEnd(today, -2), 1),
        cert_valid_to: monthEnd(today, 10),
        plan_office_no: null,
      },
    ];
    await trx('insured_persons').insert(
      persons.map((p) => ({
        insured_category: 1,
        status: 'active',
        ...DEMO_POSTAL_ADDRESSES[p.insured_no],
        certified_on: p.cert_valid_from,
        plan_notified_on: p.plan_office_no ? p.cert_valid_from : null,
        insurer_no: DEMO_INSURER_NO,
        updated_at: now,
        ...p,
      })),
    );
    await seedRegister(trx, today, now, persons);

    const consented = ['0000100001', '0000100002', '0000100004', '0000100006', ...DEMO_FACILITY.residents];
    await trx('consents').insert(
      consented.map((n) => ({
        insured_no: n,
        granted: true,
        granted_on: addDays(today, -120),
        channel: 'application',
      })),
    );
    const assignments = persons.filter((p) => p.plan_office_no && p.status !== 'deceased');
    // each 担当 office holds an active 担当事業所登録, registered by its staff with the 被保険者証 items, served last month
    const staff: { id: number; office_no: string }[] = await trx('users')
      .whereNotNull('office_no')
      .select('id', 'office_no');
    await trx('office_registrations').insert(
      assignments.map((p) => ({
        office_no: p.plan_office_no,
        insured_no: p.insured_no,
        insurer_no: DEMO_INSURER_NO,
        status: 'active',
        method: 'insured_card',
        requested_by_user_id: staff.find((u) => u.office_no === p.plan_office_no)!.id,
        requested_at: `${addDays(today, -60)}T01:00:00.000Z`,
        effective_on: addDays(today, -60),
        last_served_on: startOfMonth(addMonths(today, -1)),
        lapses_on: addMonths(startOfMonth(addMonths(today, -1)), 6),
      })),
    );
    await trx('office_assignments').insert(
      assignments.map((p) => ({
        insured_no: p.insured_no,
        office_no: p.plan_office_no,
        start_date: p.cert_valid_from,
        end_date: null,
      })),
    );
    await seedCustody(trx, today);
  });
  return true;
}

/**
 * みすみ苑's マイナンバーカード預かり管理簿: its residents registered (被保険者証, at admission), the 生活相談員 named card
 * handler, two cards kept under agreements — one taken out for a hospital visit and returned last week, one taken out
 * the day before yesterday and not returned (返却遅れ on any day the demo starts) — and a third resident not yet.
 */
async function seedCustody(trx: Knex, today: IsoDate): Promise<void> {
  const officeNo = DEMO_FACILITY.officeNo;
  const users: { id: number; login_id: string }[] = await trx('users')
    .whereIn('login_id', ['misumien', 'misumi-sodan'])
    .select('id', 'login_id');
  const admin = users.find((u) => u.login_id === 'misumien')!.id;
  const handler = users.find((u) => u.login_id === 'misumi-sodan')!.id;
  const admitted = addDays(today, -90);
  await trx('office_registrations').insert(
    DEMO_FACILITY.residents.map((insured_no) => ({
      office_no: officeNo,
      insured_no,
      insurer_no: DEMO_INSURER_NO,
      status: 'active',
      method: 'insured_card',
      requested_by_user_id: admin,
      requested_at: `${admitted}T01:00:00.000Z`,
      effective_on: admitted,
      last_served_on: startOfMonth(addMonths(today, -1)),
      lapses_on: addMonths(startOfMonth(addMonths(today, -1)), 6),
    })),
  );
  await trx('card_handlers').insert({
    office_no: officeNo,
    user_id: handler,
    granted_by_user_id: admin,
    granted_at: `${admitted}T00:30:00.000Z`,
  });
  const agreement = async (insuredNo: string, kind: string, name: string, ref: string) => {
    const [row] = await trx('card_custody_agreements')
      .insert({
        office_no: officeNo,
        insurer_no: DEMO_INSURER_NO,
        insured_no: insuredNo,
        depositor_kind: kind,
        depositor_name: name,
        agreement_ref: ref,
        agreed_on: admitted,
        started_on: admitted,
        created_by_user_id: handler,
        created_at: `${admitted}T02:00:00.000Z`,
      })
      .returning('id');
    return typeof row === 'object' ? (row as { id: number }).id : (row as number);
  };
  const movement = (agreementId: number, m: Record<string, unknown>) =>
    trx('card_custody_movements').insert({
      agreement_id: agreementId,
      office_no: officeNo,
      insurer_no: DEMO_INSURER_NO,
      taken_out_by_user_id: handler,
      ...m,
    });
  const yoshi = await agreement('0000100009', 'family', '戸馳 一男', '預かり証 第12号');
  await movement(yoshi, {
    taken_out_at: jstInstant(addDays(today, -7), '09:30'),
    purpose: 'medical_visit',
    purpose_note: '宇城ひかり病院 外来受診',
    expected_return_at: jstInstant(addDays(today, -7), '15:00'),
    returned_at: jstInstant(addDays(today, -7), '14:10'),
    returned_by_user_id: handler,
  });
  const sue = await agreement(DEMO_FACILITY.overdue, 'guardian', '松合 律子', '入所契約書 第8条・同意書');
  await movement(sue, {
    taken_out_at: jstInstant(addDays(today, -2), '09:00'),
    purpose: 'medical_visit',
    purpose_note: '宇城ひかり病院 眼科受診',
    expected_return_at: jstInstant(addDays(today, -2), '16:00'),
  });
}

/**
 * The demo register, written through db/register.ts so the pages show history: everyone's 負担割合証 for this year,
 * one corrected after an income revision, a 負担限度額認定証, and 住宅改修・福祉用具 uses.
 */
async function seedRegister(
  trx: Knex,
  today: IsoDate,
  now: string,
  persons: { insured_no: string; care_level: string | null; status?: string }[],
): Promise<void> {
  const period = copayPeriodOf(today);
  const by = { source: 'seed', recordedBy: 'kyufu', recordedAt: now, today, reason: null };
  const certificate = (insuredNo: string, kind: 'copay' | 'burden_limit', value: string, reason: string | null) =>
    recordCertificate(trx, {
      ...by,
      insurerNo: DEMO_INSURER_NO,
      insuredNo,
      kind,
      value,
      validFrom: period.from,
      validTo: period.to,
      reason,
    });
  for (const p of persons) await certificate(p.insured_no, 'copay', '1', '当初発行');
  await certificate('0000100006', 'copay', '2', '所得更正による再判定');
  await certificate('0000100006', 'burden_limit', 'stage_3_2', '申請による認定');
  const use = (
    insuredNo: string,
    kind: 'home_modification' | 'welfare_equipment',
    daysAgo: number,
    yen: number,
    what: string,
  ) =>
    recordUsage(trx, {
      ...by,
      insurerNo: DEMO_INSURER_NO,
      insuredNo,
      kind,
      usedOn: addDays(today, -daysAgo),
      amountYen: yen,
      careLevel:
        kind === 'home_modification' ? (persons.find((p) => p.insured_no === insuredNo)?.care_level ?? null) : null,
      dwelling: kind === 'home_modification' ? DEMO_POSTAL_ADDRESSES[insuredNo].address : null,
      description: what,
    });
  await use('0000100001', 'home_modification', 200, 120000, '手すり取付け（玄関・浴室）');
  await use('0000100001', 'welfare_equipment', 40, 35000, 'シャワーチェア');
  await use('0000100006', 'welfare_equipment', 90, 18000, '腰掛便座');
}

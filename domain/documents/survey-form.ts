/**
 * 認定調査票 (the national home-survey form): 概況調査, 基本調査 in its seven groups with the official item names and
 * choices, and 特記事項 per item. Source: 厚生労働省「認定調査票記入の手引き」(別添1, 老老発0930第2号 平成21年9月30日;
 * 改正 老老発0816第1号 令和3年8月16日) and the 認定調査票（基本調査）様式 it annexes; 第6群 the 12 特別な医療
 * received in the past 14 days; 第7群 障害高齢者・認知症高齢者の日常生活自立度 (判定基準: 老健102-2号, 老発0403003号).
 * The 基本調査's 74 check points: 第1群 20 (麻痺5・拘縮4 counted per part), 第2群 12, 第3群 9, 第4群 15, 第5群 6,
 * 第6群 12. Plain data and pure functions.
 */
import { DEMENTIA_INDEPENDENCE, type DementiaIndependence } from '../certification/types';
import { DEMENTIA_LABELS } from '../glossary';
import type { FieldError } from '../certification/intake';
import {
  documentErrors,
  type DocumentForm,
  type DocumentItem,
  type DocumentSection,
  type DocumentValues,
  numbered,
} from './items';

/** 障害高齢者の日常生活自立度（寝たきり度）: 自立, ランクJ1–C2 (老健102-2号). */
export const BEDRIDDEN_RANKS = ['自立', 'J1', 'J2', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type BedriddenRank = (typeof BEDRIDDEN_RANKS)[number];

const single = (key: string, no: string, label: string, choices: string[]): DocumentItem => ({
  key,
  no,
  label,
  kind: 'single',
  choices: numbered(...choices),
  required: true,
  notes: true,
});

// The choice sets the form repeats, worded as printed.
const HOLD = ['つかまらないでできる', '何かにつかまればできる', 'できない'];
const STAND = ['支えなしでできる', '何か支えがあればできる', 'できない'];
const CARE3 = ['介助されていない', '一部介助', '全介助'];
const CARE4 = ['介助されていない', '見守り等', '一部介助', '全介助'];
const CAN2 = ['できる', 'できない'];
const FREQ3 = ['ない', 'ときどきある', 'ある'];

const BEHAVIOURS = [
  '物を盗られたなどと被害的になる',
  '作話',
  '泣いたり、笑ったりして感情が不安定になる',
  '昼夜の逆転がある',
  'しつこく同じ話をする',
  '大声をだす',
  '介護に抵抗する',
  '「家に帰る」等と言い落ち着きがない',
  '一人で外に出たがり目が離せない',
  'いろいろなものを集めたり、無断でもってくる',
  '物を壊したり、衣類を破いたりする',
  'ひどい物忘れ',
  '意味もなく独り言や独り笑いをする',
  '自分勝手に行動する',
  '話がまとまらず、会話にならない',
];

const MEDICAL = [
  '点滴の管理',
  '中心静脈栄養',
  '透析',
  'ストーマ（人工肛門）の処置',
  '酸素療法',
  'レスピレーター（人工呼吸器）',
  '気管切開の処置',
  '疼痛の看護',
  '経管栄養',
  'モニター測定（血圧、心拍、酸素飽和度等）',
  'じょくそうの処置',
  'カテーテル（コンドームカテーテル、留置カテーテル、ウロストーマ等）',
];

/** 概況調査: who surveyed where, the earlier certification, services in use, the surroundings. */
const OVERVIEW: DocumentSection = {
  key: 'overview',
  title: '概況調査',
  items: [
    { key: 'surveyedOn', no: 'Ⅰ', label: '実施日', kind: 'date', required: true },
    { key: 'place', no: 'Ⅰ', label: '実施場所', kind: 'single', choices: numbered('自宅内', '自宅外'), required: true },
    {
      key: 'placeDetail',
      no: 'Ⅰ',
      label: '自宅外の場所',
      kind: 'text',
      maxLength: 100,
      required: false,
      requiredWhen: { key: 'place', values: ['2'] },
    },
    { key: 'surveyorName', no: 'Ⅰ', label: '記入者氏名', kind: 'text', maxLength: 100, required: true },
    { key: 'surveyorOrg', no: 'Ⅰ', label: '所属機関', kind: 'text', maxLength: 100, required: false },
    {
      key: 'previous',
      no: 'Ⅱ',
      label: '過去の認定',
      kind: 'single',
      choices: numbered('初回', '2回め以降'),
      required: true,
    },
    {
      key: 'previousOn',
      no: 'Ⅱ',
      label: '前回認定日',
      kind: 'date',
      required: false,
      requiredWhen: { key: 'previous', values: ['2'] },
    },
    {
      key: 'previousResult',
      no: 'Ⅱ',
      label: '前回認定結果',
      kind: 'single',
      choices: numbered('非該当', '要支援', '要介護'),
      required: false,
      requiredWhen: { key: 'previous', values: ['2'] },
    },
    {
      key: 'homeServices',
      no: 'Ⅲ',
      label: '現在受けているサービス（在宅利用：種類と月の回数）',
      kind: 'textarea',
      maxLength: 1000,
      required: false,
    },
    { key: 'facility', no: 'Ⅲ', label: '施設利用（施設名・所在地）', kind: 'text', maxLength: 200, required: false },
    {
      key: 'environment',
      no: 'Ⅳ',
      label: '置かれている環境等（家族状況、居住環境、日常的に使用する機器・器械の有無等）',
      kind: 'textarea',
      maxLength: 2000,
      required: false,
    },
  ],
};

const GROUP1: DocumentSection = {
  key: 'g1',
  title: '第1群 身体機能・起居動作',
  items: [
    {
      key: 's1_1',
      no: '1-1',
      label: '麻痺等の有無',
      kind: 'multi',
      required: true,
      notes: true,
      exclusive: '1',
      choices: numbered('ない', '左上肢', '右上肢', '左下肢', '右下肢', 'その他（四肢の欠損）'),
      hint: '複数選択可',
    },
    {
      key: 's1_2',
      no: '1-2',
      label: '拘縮の有無',
      kind: 'multi',
      required: true,
      notes: true,
      exclusive: '1',
      choices: numbered('ない', '肩関節', '股関節', '膝関節', 'その他（四肢の欠損）'),
      hint: '複数選択可',
    },
    single('s1_3', '1-3', '寝返り', HOLD),
    single('s1_4', '1-4', '起き上がり', HOLD),
    single('s1_5', '1-5', '座位保持', ['できる', '自分の手で支えればできる', '支えてもらえればできる', 'できない']),
    single('s1_6', '1-6', '両足での立位保持', STAND),
    single('s1_7', '1-7', '歩行', HOLD),
    single('s1_8', '1-8', '立ち上がり', HOLD),
    single('s1_9', '1-9', '片足での立位', STAND),
    single('s1_10', '1-10', '洗身', [...CARE3, '行っていない']),
    single('s1_11', '1-11', 'つめ切り', CARE3),
    single('s1_12', '1-12', '視力', [
      '普通（日常生活に支障がない）',
      '約1m離れた視力確認表の図が見える',
      '目の前に置いた視力確認表の図が見える',
      'ほとんど見えない',
      '見えているのか判断不能',
    ]),
    single('s1_13', '1-13', '聴力', [
      '普通',
      '普通の声がやっと聞き取れる',
      'かなり大きな声なら何とか聞き取れる',
      'ほとんど聞えない',
      '聞えているのか判断不能',
    ]),
  ],
};

const GROUP2: DocumentSection = {
  key: 'g2',
  title: '第2群 生活機能',
  items: [
    single('s2_1', '2-1', '移乗', CARE4),
    single('s2_2', '2-2', '移動', CARE4),
    single('s2_3', '2-3', 'えん下', ['できる', '見守り等', 'できない']),
    single('s2_4', '2-4', '食事摂取', CARE4),
    single('s2_5', '2-5', '排尿', CARE4),
    single('s2_6', '2-6', '排便', CARE4),
    single('s2_7', '2-7', '口腔清潔', CARE3),
    single('s2_8', '2-8', '洗顔', CARE3),
    single('s2_9', '2-9', '整髪', CARE3),
    single('s2_10', '2-10', '上衣の着脱', CARE4),
    single('s2_11', '2-11', 'ズボン等の着脱', CARE4),
    single('s2_12', '2-12', '外出頻度', ['週1回以上', '月1回以上', '月1回未満']),
  ],
};

const GROUP3: DocumentSection = {
  key: 'g3',
  title: '第3群 認知機能',
  items: [
    single('s3_1', '3-1', '意思の伝達', [
      '調査対象者が意思を他者に伝達できる',
      'ときどき伝達できる',
      'ほとんど伝達できない',
      'できない',
    ]),
    single('s3_2', '3-2', '毎日の日課を理解', CAN2),
    single('s3_3', '3-3', '生年月日や年齢を言う', CAN2),
    single('s3_4', '3-4', '短期記憶', CAN2),
    single('s3_5', '3-5', '自分の名前を言う', CAN2),
    single('s3_6', '3-6', '今の季節を理解する', CAN2),
    single('s3_7', '3-7', '場所の理解', CAN2),
    single('s3_8', '3-8', '徘徊', FREQ3),
    single('s3_9', '3-9', '外出すると戻れない', FREQ3),
  ],
};

const GROUP4: DocumentSection = {
  key: 'g4',
  title: '第4群 精神・行動障害',
  items: BEHAVIOURS.map((label, i) => single(`s4_${i + 1}`, `4-${i + 1}`, label, FREQ3)),
};

const GROUP5: DocumentSection = {
  key: 'g5',
  title: '第5群 社会生活への適応',
  items: [
    single('s5_1', '5-1', '薬の内服', CARE3),
    single('s5_2', '5-2', '金銭の管理', CARE3),
    single('s5_3', '5-3', '日常の意思決定', [
      'できる（特別な場合でもできる）',
      '特別な場合を除いてできる',
      '日常的に困難',
      'できない',
    ]),
    single('s5_4', '5-4', '集団への不適応', FREQ3),
    single('s5_5', '5-5', '買い物', CARE4),
    single('s5_6', '5-6', '簡単な調理', CARE4),
  ],
};

/** 第6群: each treatment received in the past 14 days is ticked; an unticked box means none. */
const GROUP6: DocumentSection = {
  key: 'g6',
  title: '第6群 特別な医療',
  hint: '過去14日間に受けた医療について、該当するものにチェック（処置内容 1〜9、特別な対応 10〜12）',
  items: MEDICAL.map((label, i) => ({
    key: `s6_${i + 1}`,
    no: `6-${i + 1}`,
    label,
    kind: 'check' as const,
    required: false,
    notes: true,
  })),
};

const GROUP7: DocumentSection = {
  key: 'g7',
  title: '第7群 日常生活自立度',
  items: [
    {
      key: 's7_1',
      no: '7-1',
      label: '障害高齢者の日常生活自立度（寝たきり度）',
      kind: 'single',
      required: true,
      notes: true,
      choices: BEDRIDDEN_RANKS.map((r) => ({ value: r, label: r })),
    },
    {
      key: 's7_2',
      no: '7-2',
      label: '認知症高齢者の日常生活自立度',
      kind: 'single',
      required: true,
      notes: true,
      choices: DEMENTIA_INDEPENDENCE.map((d) => ({ value: d, label: DEMENTIA_LABELS[d] })),
    },
  ],
};

/**
 * The 一次判定 software's result, keyed in beside the form (not printed on it): 基準時間 is the software's, never
 * computed here, and the unstable condition feeds the 要支援2/要介護1 split.
 */
const PRIMARY: DocumentSection = {
  key: 'primary',
  title: '一次判定ソフトの結果（入力）',
  hint: '一次判定ソフトで算出された要介護認定等基準時間を転記します',
  items: [
    {
      key: 'standardMinutes',
      no: '',
      label: '要介護認定等基準時間',
      kind: 'number',
      unit: '分',
      min: 0,
      max: 300,
      required: true,
    },
    {
      key: 'unstableCondition',
      no: '',
      label: '状態の維持・改善可能性の評価で「不安定」',
      kind: 'check',
      required: false,
    },
  ],
};

/** The 基本調査 groups, 第1群〜第7群. */
export const SURVEY_GROUPS: readonly DocumentSection[] = [GROUP1, GROUP2, GROUP3, GROUP4, GROUP5, GROUP6, GROUP7];

/** The id a survey record keeps as its form version: the 認定調査票 as revised by 老老発0816第1号 (令和3年). */
export const SURVEY_FORM_VERSION = '2021';

/** 認定調査票: 概況調査, 基本調査 (with 特記事項 per item), and the 一次判定 result keyed in. */
export const SURVEY_FORM: DocumentForm = {
  title: '認定調査票',
  sections: [OVERVIEW, ...SURVEY_GROUPS, PRIMARY],
};

/** What a completed survey feeds the case's existing survey Update (completeSurvey). */
export interface SurveyFeed {
  surveyedOn: string;
  standardMinutes: number;
  dementia: DementiaIndependence;
  bedridden: BedriddenRank;
  unstableCondition: boolean;
  /** the 特記事項, each headed by its item number, as one text (the case keeps up to 4000 characters) */
  specialNotes: string;
}

/** The longest 特記 the survey Update takes (domain/certification/actions completeSurvey.specialNotes). */
export const FEED_NOTES_MAX = 4000;

/** The errors of a survey record; with `complete`, the blank required items too. */
export function surveyErrors(values: DocumentValues, complete: boolean): FieldError[] {
  return documentErrors(SURVEY_FORM, values, complete);
}

/** The values a completed survey feeds the case (throws when the record is not complete: callers check first). */
export function surveyFeed(values: DocumentValues): SurveyFeed {
  const errors = surveyErrors(values, true);
  if (errors.length > 0) throw new Error(`認定調査票が完成していません: ${errors[0].message}`);
  const v = values.items as Record<string, string>;
  const byKey = new Map(SURVEY_FORM.sections.flatMap((s) => s.items).map((i) => [i.key, i]));
  const notes = Object.entries(values.notes)
    .map(([key, note]) => `(${byKey.get(key)?.no}) ${note.trim()}`)
    .join('\n');
  return {
    surveyedOn: v.surveyedOn,
    standardMinutes: Number(v.standardMinutes),
    dementia: v.s7_2 as DementiaIndependence,
    bedridden: v.s7_1 as BedriddenRank,
    unstableCondition: v.unstableCondition === '1',
    specialNotes: notes.length > FEED_NOTES_MAX ? `${notes.slice(0, FEED_NOTES_MAX - 1)}…` : notes,
  };
}

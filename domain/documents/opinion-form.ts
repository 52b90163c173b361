/**
 * 主治医意見書 (the national form) as items, with its versions by effective date. Source: 厚生労働省「主治医意見書記入の
 * 手引き」and the 様式 (改正 老老発0816第1号 令和3年8月16日); from 2026-04-01 the form no longer has the box in which the
 * doctor consents to the opinion's use in care plans (介護情報基盤: the person's consent at the application governs
 * sharing; domain brief addendum 2026-12-04). Plain data and pure functions.
 */
import { DEMENTIA_INDEPENDENCE, type DementiaIndependence, type IsoDate } from '../certification/types';
import { compareDates } from '../dates';
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
import { BEDRIDDEN_RANKS } from './survey-form';

const pick = (key: string, no: string, label: string, choices: string[], required = true): DocumentItem => ({
  key,
  no,
  label,
  kind: 'single',
  choices: numbered(...choices),
  required,
});
const many = (key: string, no: string, label: string, choices: string[]): DocumentItem => ({
  key,
  no,
  label,
  kind: 'multi',
  choices: numbered(...choices),
  required: false,
  hint: '該当するものすべて',
});
const text = (key: string, no: string, label: string, maxLength: number, required = false): DocumentItem => ({
  key,
  no,
  label,
  kind: maxLength > 100 ? 'textarea' : 'text',
  maxLength,
  required,
});

/** The doctor's consent to the use in care plans: on the form until 2026-03-31. */
const CONSENT: DocumentItem = pick('consent', '', '介護サービス計画作成等への利用についての主治医の同意', [
  '同意する',
  '同意しない',
]);

const basics = (withConsent: boolean): DocumentSection => ({
  key: 'basics',
  title: '記入者・受診の状況',
  items: [
    { key: 'writtenOn', no: '', label: '記入日', kind: 'date', required: true },
    text('doctorName', '', '医師氏名', 100, true),
    text('institution', '', '医療機関名', 200, true),
    text('institutionAddress', '', '医療機関所在地', 200),
    text('institutionPhone', '', '電話', 20),
    ...(withConsent ? [CONSENT] : []),
    { key: 'lastSeenOn', no: '(1)', label: '最終診察日', kind: 'date', required: true },
    pick('times', '(2)', '意見書作成回数', ['初回', '2回目以上']),
    pick('otherDepartments', '(3)', '他科受診の有無', ['有', '無']),
    text('otherDepartmentNames', '(3)', '受診している科', 200),
  ],
});

const DISEASE: DocumentSection = {
  key: 'disease',
  title: '1. 傷病に関する意見',
  items: [
    text('diagnosis1', '1(1)', '診断名1（生活機能低下の直接の原因となっている傷病名または特定疾病）', 200, true),
    { key: 'onset1', no: '1(1)', label: '診断名1の発症年月日（頃）', kind: 'date', required: false },
    text('diagnosis2', '1(1)', '診断名2', 200),
    text('diagnosis3', '1(1)', '診断名3', 200),
    pick('stability', '1(2)', '症状としての安定性', ['安定', '不安定', '不明']),
    {
      ...text('instability', '1(2)', '不安定とした場合の具体的な状況', 500),
      kind: 'textarea',
      requiredWhen: { key: 'stability', values: ['2'] },
    },
    text(
      'course',
      '1(3)',
      '生活機能低下の直接の原因となっている傷病または特定疾病の経過及び投薬内容を含む治療内容',
      2000,
      true,
    ),
  ],
};

const SPECIAL: DocumentSection = {
  key: 'special',
  title: '2. 特別な医療（過去14日間以内に受けた医療）',
  items: [
    many('treatments', '2', '処置内容', [
      '点滴の管理',
      '中心静脈栄養',
      '透析',
      'ストーマの処置',
      '酸素療法',
      'レスピレーター',
      '気管切開の処置',
      '疼痛の看護',
      '経管栄養',
    ]),
    many('specialCare', '2', '特別な対応', ['モニター測定（血圧、心拍、酸素飽和度等）', '褥瘡の処置']),
    many('incontinence', '2', '失禁への対応', ['カテーテル（コンドームカテーテル、留置カテーテル 等）']),
  ],
};

const MIND: DocumentSection = {
  key: 'mind',
  title: '3. 心身の状態に関する意見',
  items: [
    {
      key: 'bedridden',
      no: '3(1)',
      label: '障害高齢者の日常生活自立度（寝たきり度）',
      kind: 'single',
      required: true,
      choices: BEDRIDDEN_RANKS.map((r) => ({ value: r, label: r })),
    },
    {
      key: 'dementia',
      no: '3(1)',
      label: '認知症高齢者の日常生活自立度',
      kind: 'single',
      required: true,
      choices: DEMENTIA_INDEPENDENCE.map((d) => ({ value: d, label: DEMENTIA_LABELS[d] })),
    },
    pick('shortMemory', '3(2)', '短期記憶', ['問題なし', '問題あり']),
    pick('decisionAbility', '3(2)', '日常の意思決定を行うための認知能力', [
      '自立',
      'いくらか困難',
      '見守りが必要',
      '判断できない',
    ]),
    pick('communication', '3(2)', '自分の意思の伝達能力', [
      '伝えられる',
      'いくらか困難',
      '具体的要求に限られる',
      '伝えられない',
    ]),
    pick('bpsd', '3(3)', '認知症の行動・心理症状（BPSD）', ['無', '有']),
    {
      ...many('bpsdKinds', '3(3)', 'BPSDの症状', [
        '幻視・幻聴',
        '妄想',
        '昼夜逆転',
        '暴言',
        '暴行',
        '介護への抵抗',
        '徘徊',
        '火の不始末',
        '不潔行為',
        '異食行動',
        '性的問題行動',
        'その他',
      ]),
      requiredWhen: { key: 'bpsd', values: ['2'] },
    },
    pick('otherPsychiatric', '3(4)', 'その他の精神・神経症状', ['無', '有']),
    {
      ...text('otherPsychiatricName', '3(4)', '症状名', 200),
      requiredWhen: { key: 'otherPsychiatric', values: ['2'] },
    },
    pick('dominantArm', '3(5)', '利き腕', ['右', '左'], false),
    { key: 'height', no: '3(5)', label: '身長', kind: 'number', unit: 'cm', min: 50, max: 250, required: false },
    { key: 'weight', no: '3(5)', label: '体重', kind: 'number', unit: 'kg', min: 10, max: 250, required: false },
    pick('weightChange', '3(5)', '過去6か月の体重の変化', ['増加', '維持', '減少'], false),
    many('bodyFindings', '3(5)', '身体の状態', [
      '四肢欠損',
      '麻痺',
      '筋力の低下',
      '関節の拘縮',
      '関節の痛み',
      '失調・不随意運動',
      '褥瘡',
      'その他の皮膚疾患',
    ]),
  ],
};

const LIFE: DocumentSection = {
  key: 'life',
  title: '4. 生活機能とサービスに関する意見',
  items: [
    pick('outdoorWalking', '4(1)', '屋外歩行', ['自立', '介助があればしている', 'していない']),
    pick('wheelchair', '4(1)', '車いすの使用', ['用いていない', '主に自分で操作している', '主に他人が操作している']),
    {
      ...many('walkingAids', '4(1)', '歩行補助具・装具の使用', ['用いていない', '屋外で使用', '屋内で使用']),
      exclusive: '1',
    },
    pick('eating', '4(2)', '食事行為', ['自立ないし何とか自分で食べられる', '全面介助']),
    pick('nutrition', '4(2)', '現在の栄養状態', ['良好', '不良']),
    text('nutritionNotes', '4(2)', '栄養・食生活上の留意点', 500),
    many('risks', '4(3)', '現在あるかまたは今後発生の可能性の高い状態', [
      '尿失禁',
      '転倒・骨折',
      '移動能力の低下',
      '褥瘡',
      '心肺機能の低下',
      '閉じこもり',
      '意欲低下',
      '徘徊',
      '低栄養',
      '摂食・嚥下機能低下',
      '脱水',
      '易感染性',
      'がん等による疼痛',
      'その他',
    ]),
    text('riskPolicy', '4(3)', '対処方針', 500),
    pick('outlook', '4(4)', 'サービス利用による生活機能の維持・改善の見通し', ['期待できる', '期待できない', '不明']),
    many('medicalServices', '4(5)', '医学的管理の必要性', [
      '訪問診療',
      '訪問看護',
      '訪問歯科診療',
      '訪問薬剤管理指導',
      '訪問リハビリテーション',
      '短期入所療養介護',
      '訪問歯科衛生指導',
      '訪問栄養食事指導',
      '通所リハビリテーション',
      '老人保健施設',
      '介護医療院',
      'その他の医療系サービス',
    ]),
    text(
      'serviceCautions',
      '4(6)',
      'サービス提供時における医学的観点からの留意事項（血圧・摂食・嚥下・移動・運動・その他）',
      1000,
    ),
    pick('infection', '4(7)', '感染症の有無', ['無', '有', '不明']),
    text('infectionName', '4(7)', '感染症名', 200),
  ],
};

const REMARKS: DocumentSection = {
  key: 'remarks',
  title: '5. 特記すべき事項',
  items: [text('remarks', '5', '特記すべき事項', 4000)],
};

/** One version of the opinion form and the first day it is in force. */
export interface OpinionFormVersion {
  readonly id: string;
  readonly label: string;
  readonly effectiveFrom: IsoDate;
  readonly form: DocumentForm;
}

const formOf = (withConsent: boolean): DocumentForm => ({
  title: '主治医意見書',
  sections: [basics(withConsent), DISEASE, SPECIAL, MIND, LIFE, REMARKS],
});

/** The versions, oldest first. */
export const OPINION_FORM_VERSIONS: readonly OpinionFormVersion[] = [
  { id: '2021', label: '令和3年改正様式', effectiveFrom: '2021-08-16', form: formOf(true) },
  { id: '2026', label: '令和8年4月改正様式（主治医の同意欄なし）', effectiveFrom: '2026-04-01', form: formOf(false) },
];

/** The version in force on `on` (the 記入日, or the request date); null before the first. */
export function opinionFormOn(on: IsoDate): OpinionFormVersion | null {
  let found: OpinionFormVersion | null = null;
  for (const v of OPINION_FORM_VERSIONS) if (compareDates(v.effectiveFrom, on) <= 0) found = v;
  return found;
}

/** A version by its id (a stored record keeps the id of the form it was written on). */
export function opinionFormById(id: string): OpinionFormVersion | null {
  return OPINION_FORM_VERSIONS.find((v) => v.id === id) ?? null;
}

/** What a completed opinion feeds the case's existing opinion Update (receiveOpinion). */
export interface OpinionFeed {
  receivedOn: IsoDate;
  dementia: DementiaIndependence;
}

/** The errors of an opinion record on its version; with `complete`, the blank required items too. */
export function opinionErrors(version: OpinionFormVersion, values: DocumentValues, complete: boolean): FieldError[] {
  return documentErrors(version.form, values, complete);
}

/** The values a completed opinion feeds the case on the day it is received (throws when not complete). */
export function opinionFeed(version: OpinionFormVersion, values: DocumentValues, receivedOn: IsoDate): OpinionFeed {
  const errors = opinionErrors(version, values, true);
  if (errors.length > 0) throw new Error(`主治医意見書が完成していません: ${errors[0].message}`);
  return { receivedOn, dementia: values.items.dementia as DementiaIndependence };
}

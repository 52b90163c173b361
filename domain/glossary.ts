/** 用語集: Japanese term ↔ code name, and the labels the UI prints. Pure. */
import type {
  ApplicantKind,
  ApplicationType,
  CareLevel,
  CertificationStage,
  DementiaIndependence,
  OfficeKind,
  PostponementReason,
  Role,
  SlaState,
} from './certification/types';

/** 要介護状態区分等の表示名 (被保険者証 欄A) [S48] [S21]. */
export const CARE_LEVEL_LABELS: Record<CareLevel, string> = {
  non_applicable: '非該当',
  support_1: '要支援1',
  support_2: '要支援2',
  care_1: '要介護1',
  care_2: '要介護2',
  care_3: '要介護3',
  care_4: '要介護4',
  care_5: '要介護5',
};

/** 申請区分の表示名 [S15] [S37]. */
export const APPLICATION_TYPE_LABELS: Record<ApplicationType, string> = {
  new: '新規',
  renewal: '更新',
  level_change: '区分変更',
  transfer_in: '転入',
};

/** 進捗段階の表示名 (§1.16) [S58]. */
export const STAGE_LABELS: Record<CertificationStage, string> = {
  received: '受付',
  investigating: '調査・意見書',
  primary_judged: '一次判定済',
  board_scheduled: '審査会予定',
  judged: '二次判定済（処分待ち）',
  awaiting_approval: '処分の決裁待ち',
  decided: '決定',
  notified: '結果通知済',
  withdrawn: '取下げ',
  rejected: '却下',
  closed: '終了',
};

/** 延期通知に記載する理由 [S7] [S8]. */
export const POSTPONEMENT_REASON_LABELS: Record<PostponementReason, string> = {
  survey_missing: '認定調査が未実施のため',
  opinion_missing: '主治医意見書が未提出のため',
  both_missing: '認定調査が未実施であり、主治医意見書も未提出のため',
  waiting_for_board: '介護認定審査会の審査を待っているため',
  on_hold: '心身の状況により認定調査または主治医意見書を保留しているため',
};

/** 役割の表示名 (§4.2, design proposal) [S34] [S67]. */
export const ROLE_LABELS: Record<Role, string> = {
  intake: '認定係',
  surveyor: '認定調査員',
  board_secretariat: '審査会事務局',
  benefits: '給付係',
  supervisor: '監督者',
  office_staff: '事業所職員',
  doctor: '医療機関',
};

/** 事業所種別の表示名 [S36] [S67]. */
export const OFFICE_KIND_LABELS: Record<OfficeKind, string> = {
  home_care_support: '居宅介護支援事業所',
  community_support_center: '地域包括支援センター',
  preventive_support: '介護予防支援事業所',
  facility: '介護保険施設',
  care_service: '介護サービス事業所',
  medical_institution: '医療機関',
};

/** 期間管理の表示名 [S3]. */
export const SLA_STATE_LABELS: Record<SlaState, string> = {
  on_track: '順調',
  at_risk: '要注意',
  breached: '超過',
  done: '完了',
};

/** 認知症高齢者の日常生活自立度の表示名 (Roman numerals as printed on the forms) [S23]. */
export const DEMENTIA_LABELS: Record<DementiaIndependence, string> = {
  自立: '自立',
  I: 'Ⅰ',
  IIa: 'Ⅱa',
  IIb: 'Ⅱb',
  IIIa: 'Ⅲa',
  IIIb: 'Ⅲb',
  IV: 'Ⅳ',
  M: 'M',
};

/** 申請者の区分の表示名 [S1] [S36]. */
export const APPLICANT_KIND_LABELS: Record<ApplicantKind, string> = {
  self: '本人',
  family: '家族',
  office_proxy: '事業所（代行）',
  guardian: '成年後見人',
};

/** 要介護状態区分等のラベル ('要介護3', '非該当', '要支援1') [S48]. */
export function careLevelLabel(l: CareLevel): string {
  return CARE_LEVEL_LABELS[l];
}

/** 申請区分のラベル ('新規','更新','区分変更','転入') [S15]. */
export function applicationTypeLabel(t: ApplicationType): string {
  return APPLICATION_TYPE_LABELS[t];
}

/** 進捗段階のラベル [S58]. */
export function stageLabel(s: CertificationStage): string {
  return STAGE_LABELS[s];
}

/** 居宅届の状態 (the plan-notification workflow's stages). */
export const PLAN_NOTIFICATION_STAGE_LABELS = {
  new: '未提出',
  submitted: '提出済（審査待ち）',
  under_review: '審査中',
  returned: '返戻（修正待ち）',
  accepted: '受理',
  withdrawn: '取下げ',
  refused: '受付不可',
} as const;

/** 居宅届の操作名 (buttons, history). */
export const PLAN_NOTIFICATION_ACTION_LABELS = {
  file: '届出',
  refile: '再提出',
  review: '審査開始',
  accept: '受理',
  return: '返戻',
  withdraw: '取下げ',
} as const;

/** 居宅届の操作の入力項目名 (form labels and the messages naming a field). */
export const PLAN_NOTIFICATION_FIELD_LABELS = {
  personName: '被保険者の氏名',
  changeReason: '変更事由',
  notifierName: '届出人の氏名',
  identityDocument: '確認書類の名称',
  identityCheckedBy: '本人確認を行った職員',
  acceptNote: '受理メモ',
  returnReason: '返戻の理由',
  withdrawReason: '取下げの理由',
} as const;

/** 更新勧奨の状態 (the renewal watch the daily 更新勧奨 batch starts near each expiry). */
export const RENEWAL_WATCH_STAGE_LABELS = {
  waiting: '満了待ち',
  renewal_due: '更新申請の勧奨中',
  renewal_filed: '更新申請済',
  expired: '有効期間満了',
} as const;

/** 証の年次切替の状態 (the case that holds one person's tasks for a missing 負担割合証・負担限度額認定証). */
export const REGISTER_ROLL_STAGE_LABELS = {
  certificate_missing: '新しい証の未登録',
  certificate_recorded: '新しい証の登録済',
} as const;

/** The label of any case's stage code, whatever the kind of case; unknown codes are shown as they are. */
export function caseStageLabel(stage: string): string {
  const all: Record<string, string> = {
    ...RENEWAL_WATCH_STAGE_LABELS,
    ...REGISTER_ROLL_STAGE_LABELS,
    ...PLAN_NOTIFICATION_STAGE_LABELS,
    ...STAGE_LABELS,
  };
  return all[stage] ?? stage;
}

/** 延期理由のラベル ('認定調査が未実施のため' etc.) [S7] [S8]. */
export function postponementReasonLabel(r: PostponementReason): string {
  return POSTPONEMENT_REASON_LABELS[r];
}

/** 役割のラベル [S34]. */
export function roleLabel(r: Role): string {
  return ROLE_LABELS[r];
}

/** 事業所種別のラベル [S67]. */
export function officeKindLabel(k: OfficeKind): string {
  return OFFICE_KIND_LABELS[k];
}

/** 期間管理のラベル ('順調','要注意','超過','完了') [S3]. */
export function slaStateLabel(s: SlaState): string {
  return SLA_STATE_LABELS[s];
}

/** 認知症自立度のラベル ('Ⅱa' etc.) [S23]. */
export function dementiaLabel(d: DementiaIndependence): string {
  return DEMENTIA_LABELS[d];
}

/** 申請者区分のラベル [S36]. */
export function applicantKindLabel(k: ApplicantKind): string {
  return APPLICANT_KIND_LABELS[k];
}

/** 項目名: the Japanese label of each field of a human action, by its code name (forms and error messages). */
export const FIELD_LABELS = {
  surveyorKind: '調査員の区分',
  surveyorName: '調査員の氏名',
  surveyorLoginId: '調査員のログインID',
  officeNo: '委託先の事業所番号',
  visitOn: '訪問調査日',
  surveyedOn: '調査実施日',
  standardMinutes: '要介護認定等基準時間',
  surveyDementia: '認知症高齢者の日常生活自立度（調査）',
  opinionDementia: '認知症高齢者の日常生活自立度（意見書）',
  unstableCondition: '状態が不安定（要支援2／要介護1の判定に使用）',
  specialNotes: '特記事項',
  receivedOn: '意見書の受領日',
  track: '対象',
  holdReason: '保留の理由',
  panel: '合議体',
  boardOn: '審査会の開催日',
  boardMetOn: '審査会の実際の開催日',
  decidedOn: '処分（決定）の日',
  approvedOn: '決裁の日',
  finalLevel: '二次判定の結果',
  months: '有効期間（月数）',
  careNotes: '療養上の留意事項（審査会の意見）',
  serviceTypeRestriction: 'サービスの種類の指定',
  nonApplicableReason: '理由（非該当の場合）',
  expectedDecisionOn: '処理見込期間',
  postponementReason: '延期理由',
  withdrawnOn: '取下げ日',
  withdrawalReason: '取下げの理由',
  diedOn: '死亡日',
  movedOutOn: '転出日',
  rejectionReason: '却下の理由',
  interimOfficeNo: '暫定利用の事業所',
  interimStartOn: 'サービスの開始日',
  assumedLevel: '見込みの要介護状態区分',
  settlementNote: '精算の記録',
} as const;

/** 保留・再開の対象: 認定調査 or 主治医意見書. */
export const TRACK_LABELS = { survey: '認定調査', opinion: '主治医意見書' } as const;

/** 認定調査の実施主体: 市職員 or 委託 (事業所). */
export const SURVEYOR_KIND_LABELS = { municipal: '市職員', office: '委託（事業所）' } as const;

/** 用語集: each Japanese term used in the system and its code name (domain.md §1–§4). */
export const GLOSSARY: { ja: string; code: string; note?: string }[] = [
  { ja: '介護保険', code: 'longTermCareInsurance' },
  { ja: '要介護認定', code: 'certification', note: '要支援認定を含む (法27条・32条)' },
  { ja: '申請', code: 'application' },
  { ja: '申請区分', code: 'applicationType' },
  { ja: '新規申請', code: 'new' },
  { ja: '更新申請', code: 'renewal', note: '満了日の60日前から満了日まで' },
  { ja: '区分変更申請', code: 'level_change' },
  { ja: '転入者継続', code: 'transfer_in', note: '転入後14日以内、受給資格証明書を添付' },
  { ja: '要介護状態区分', code: 'careLevel' },
  { ja: '非該当', code: 'non_applicable', note: '自立' },
  { ja: '要支援', code: 'support' },
  { ja: '要介護', code: 'care' },
  { ja: '有効期間', code: 'validityPeriod', note: '終期は必ず月末' },
  { ja: '有効期間満了日', code: 'validTo' },
  { ja: '認定調査', code: 'survey' },
  { ja: '認定調査員', code: 'surveyor' },
  { ja: '認定調査票', code: 'surveyReport' },
  { ja: '特記事項', code: 'specialNotes' },
  { ja: '主治医意見書', code: 'physicianOpinion' },
  { ja: '主治医', code: 'doctor' },
  { ja: '督促', code: 'reminder', note: '意見書の催促。間隔は設定値' },
  { ja: '要介護認定等基準時間', code: 'standardMinutes' },
  { ja: '認知症高齢者の日常生活自立度', code: 'dementiaIndependence' },
  { ja: '一次判定', code: 'primaryJudgement' },
  { ja: '二次判定', code: 'secondaryJudgement' },
  { ja: '介護認定審査会', code: 'board' },
  { ja: '合議体', code: 'panel' },
  { ja: '審査会事務局', code: 'board_secretariat' },
  { ja: '処分', code: 'decision' },
  { ja: '結果通知', code: 'resultNotice' },
  { ja: '延期通知', code: 'postponementNotice' },
  { ja: '文書番号', code: 'documentNo', note: '保険者・通知の種類・会計年度ごとの連番（例 8宇介認第12号）' },
  { ja: '郵便番号', code: 'postalCode' },
  { ja: '公印省略', code: 'sealOmitted', note: '通知書の差出人の後に「（公印省略）」' },
  { ja: '処理見込期間', code: 'expectedDecisionDate' },
  { ja: '延期理由', code: 'postponementReason' },
  { ja: '保留', code: 'hold' },
  { ja: '取下げ', code: 'withdrawal' },
  {
    ja: '認定取消',
    code: 'certificationCancellation',
    note: '本人の申出。申出日から無効、満了後と更新・区分変更の申請中は不可',
  },
  { ja: '申出日', code: 'requestedOn', note: '認定取消の申出があった日' },
  { ja: '却下', code: 'rejection' },
  { ja: '変更なし', code: 'rejected_no_change', note: '区分変更の却下' },
  { ja: 'みなし更新', code: 'deemedRenewal' },
  { ja: '更新勧奨', code: 'renewalWatch', note: '満了の一定日数前（設定値）に事業所と認定係へタスク' },
  { ja: '更新勧奨の日次バッチ', code: 'renewalSweep', note: '毎朝6時（Temporal Schedule）' },
  { ja: '毎日の点検', code: 'dailyCheck', note: '期間管理・督促・延期通知の要否を一日一回（改訂1の案件のみ）' },
  {
    ja: '起床日',
    code: 'nextWake',
    note: '次に何かが変わりうる日（督促・延期通知の要否・期間管理の境目・処分期限）。案件ごとのタイマーは一つ',
  },
  { ja: '起床時刻', code: 'wakeMinuteOfDay', note: '00:30〜05:30、ワークフローIDのハッシュで案件ごとに分散' },
  { ja: '審査請求', code: 'appeal', note: '介護保険審査会へ、3か月以内' },
  { ja: '被保険者', code: 'insuredPerson' },
  { ja: '被保険者番号', code: 'insuredNo', note: '10桁' },
  { ja: '被保険者証', code: 'insuranceCard' },
  { ja: '資格者証', code: 'provisionalCard', note: '申請中に交付' },
  { ja: '保険者', code: 'insurer', note: '市町村' },
  { ja: '保険者番号', code: 'insurerNumber', note: '6桁' },
  { ja: '事業所', code: 'office' },
  { ja: '事業所番号', code: 'officeNumber', note: '10桁' },
  { ja: '居宅介護支援事業所', code: 'home_care_support' },
  { ja: '地域包括支援センター', code: 'community_support_center' },
  { ja: '介護予防支援事業所', code: 'preventive_support' },
  { ja: '介護保険施設', code: 'facility' },
  { ja: '介護支援専門員', code: 'careManager' },
  { ja: '代行申請', code: 'proxyApplication' },
  { ja: '居宅サービス計画作成依頼（変更）届出', code: 'planNotification', note: '居宅届・旨の届出' },
  { ja: '届出年月日', code: 'notificationDate' },
  { ja: '開始（変更）年月日', code: 'startDate' },
  { ja: '受理', code: 'acceptance' },
  { ja: '返戻', code: 'return' },
  { ja: '本人確認', code: 'identityCheck' },
  { ja: '代理権', code: 'proxyAuthority' },
  { ja: '代理受領', code: 'agencyReceipt' },
  { ja: '暫定利用', code: 'interimUse', note: '認定の決定前のサービス利用（事業所・開始日・見込みの区分）' },
  {
    ja: '全額自己負担',
    code: 'selfPaid',
    note: '暫定利用が却下・取下げ・調査前の死亡・非該当・見込みより低い区分で終わったとき',
  },
  { ja: '契約日', code: 'contractOn', note: '暫定利用の契約日（代理受領の届出期限の起算日）' },
  { ja: '償還払い', code: 'reimbursement' },
  { ja: '給付管理', code: 'benefitManagement', note: '月末時点の担当事業所が行う' },
  { ja: '負担割合', code: 'copayRatio' },
  { ja: '負担限度額', code: 'burdenLimitStage' },
  {
    ja: '証の年次切替',
    code: 'registerRoll',
    note: '負担割合証・負担限度額認定証（8/1〜7/31）。7/1と8/1（Temporal Schedule）に新しい期間の証がない人へ給付係のタスク',
  },
  { ja: '新しい証の未登録', code: 'certificateMissing', note: '年次切替の対象期間の証が台帳にない' },
  { ja: '国保連', code: 'kokuhoren', note: '国民健康保険団体連合会' },
  { ja: '受給者異動', code: 'beneficiaryChange', note: '国保連へ送る受給者情報' },
  {
    ja: '受給者異動連絡票',
    code: 'beneficiaryChangeRecord',
    note: '国保連へ送る1件の記録（docs/kokuhoren-export.md）',
  },
  { ja: '異動年月日', code: 'changedOn' },
  { ja: '異動区分', code: 'changeKind', note: '新規・変更・終了' },
  { ja: '異動事由', code: 'changeReason' },
  { ja: '訂正区分', code: 'correction', note: '送付済みの記録の訂正' },
  {
    ja: '給付制限',
    code: 'benefitRestriction',
    note: '保険料滞納による。支払方法変更・保険給付の一時差止・給付額減額',
  },
  { ja: '支払方法変更', code: 'payment_method_change' },
  { ja: '保険給付の一時差止', code: 'benefit_suspension' },
  { ja: '給付額減額', code: 'benefit_reduction' },
  { ja: '本人同意', code: 'consent' },
  { ja: '担当事業所', code: 'assignedOffice' },
  { ja: '介護情報基盤', code: 'careInformationPlatform' },
  { ja: '認定係', code: 'intake' },
  { ja: '給付係', code: 'benefits' },
  { ja: '監督者', code: 'supervisor' },
  { ja: '参考期間', code: 'slaTarget', note: '調査7日・意見書13日・審査会12日' },
  { ja: '次の認定', code: 'nextCertification', note: '満了前に決定した更新。開始日から効力（それまでは現在の認定）' },
  {
    ja: '効力のある認定',
    code: 'certificationInForce',
    note: 'その日を有効期間に含む認定。居宅届・区分変更・更新の判断はこれで',
  },
  {
    ja: '氏名の照合',
    code: 'compareWithRegister',
    note: '居宅届の氏名・フリガナと台帳。全角半角・空白は同一、旧字体は区別',
  },
  { ja: '本人の閲覧', code: 'selfView', note: '/me。本人確認の後、自分の申請・結果・証のみ' },
  { ja: '医学的所見', code: 'opinionMedical', note: '主治医意見書の所見。opinion.medical の役割のみ' },
  { ja: '認定資料', code: 'caseDocuments', note: '認定調査票・主治医意見書・審査会の意見（/cases/:id/documents）' },
  { ja: '下書き保存', code: 'saveDraft', note: '認定調査票: 必須項目が空いていても保存できる' },
  { ja: '資料提供申請', code: 'disclosureRequest', note: '事業所が紙の写しを求める申請（提供・不提供）' },
  { ja: '写しの発行', code: 'issueCopy', note: '資料提供: 同じ記録から印刷する' },
  { ja: '主治医意見書依頼', code: 'opinionRequest', note: '医療機関の受信箱へ（登録のない医療機関は紙）' },
  { ja: '意見書の確認', code: 'opinionCheck', note: '電子提出の意見書を市が確認した時点で受領' },
  { ja: '意見書の差し戻し', code: 'opinionReturn', note: '理由を付けて医療機関へ戻す' },
  { ja: '意見書の持参', code: 'opinionBroughtAtIntake', note: '申請者が持参。依頼・督促なし' },
  { ja: '医療機関の閲覧範囲', code: 'medicalScope', note: '依頼を受けた人の被保険者証のみ' },
  { ja: '預かり管理簿', code: 'cardCustody', note: '施設が預かる入所者のマイナンバーカード。個人番号は記録しない' },
  { ja: '預かりの合意', code: 'custodyAgreement', note: '入所契約・預かり証など。預けた人（本人・家族・後見人）' },
  { ja: 'カードの取扱者', code: 'cardHandler', note: '事業所の管理者が指定した職員のみ持ち出し・返却を記録' },
  { ja: '持ち出し', code: 'takeOut', note: '時刻・職員・目的・返却予定日時' },
  { ja: '返却遅れ', code: 'returnOverdue', note: '返却予定日時（設定によりその日のうち）までに返却がない' },
];

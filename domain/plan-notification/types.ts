/** 居宅届 (居宅サービス計画作成依頼（変更）届出) types shared by the workflow, its activities and the web [S67] [S72] [S74]. */
import type { CareLevel, IsoDate, OfficeKind } from '../certification/types';

/** 届出の種類: 新規 (first office) or 変更 (change of office). */
export type PlanFilingKind = 'new' | 'change';

/** 届出人と本人との関係. */
export type NotifierRelation = 'self' | 'family' | 'care_manager' | 'other';

/** 本人確認の方法 [S74]. */
export type IdentityMethod = 'my_number_card' | 'photo_id' | 'two_documents';

/** 本人確認の記録: method, documents, proxy authority and who checked it [S72] [S74]. */
export type IdentityCheck = {
  method: IdentityMethod;
  documents?: string[];
  proxy?: {
    authority: 'legal_representative' | 'power_of_attorney';
    proxyIdentityMethod: IdentityMethod;
  } | null;
  checkedBy: string;
  checkedOn: IsoDate;
};

/** What the care office types in (the 事業所 comes from the session, never from the form). */
export interface PlanFiling {
  kind: PlanFilingKind;
  /** 被保険者 as written on the form (checked against the register: number + birth date). */
  person: { insuredNo: string; name: string; kana: string; birthDate: IsoDate };
  /** 開始（変更）年月日: notified to 国保連 [S67d]. */
  startDate: IsoDate;
  /** 届出書に記載の届出日 (used only when planNotificationDateBasis = 'written'). */
  writtenOn?: IsoDate | null;
  /** 暫定利用の契約日 (services used before the decision): the 代理受領 window may run from it (agency-receipt.ts). */
  contractOn?: IsoDate | null;
  /** 変更事由 and the previous office (kind = 'change'). */
  change?: { reason: string; previousOfficeNo: string } | null;
  /** 届出人 (submitter). */
  notifier: { name: string; relation: NotifierRelation; phone?: string | null };
  /** 本人確認の記録 [S72] [S74]. */
  identity: IdentityCheck;
}

/** The office that makes the plan, as registered (offices table) when the round was received. */
export interface PlanOffice {
  officeNo: string;
  name: string;
  kind: OfficeKind;
  address: string | null;
  phone: string | null;
}

/** 状態 (stage): new (before the first round passes the checks) → submitted → under_review → returned | accepted. */
export type PlanStage = 'new' | 'submitted' | 'under_review' | 'returned' | 'accepted' | 'withdrawn' | 'refused';

/** 操作: 届出, 再提出, 審査開始, 受理, 返戻, 取下げ. */
export type PlanActionKind = 'file' | 'refile' | 'review' | 'accept' | 'return' | 'withdraw';

/** One round: a (re)submission and what the 給付係 did with it. The history keeps every round. */
export interface PlanRound {
  n: number;
  filing: PlanFiling;
  office: PlanOffice;
  filedBy: string;
  submittedAt: string;
  /** 受付日 (JST date of submittedAt). */
  receivedOn: IsoDate;
  /** e.g. the 償還払い warning when the start date precedes the filing date. */
  warnings: string[];
  /** The person's level used for the office-kind check ('pending' = 申請中). */
  personLevel: CareLevel | 'pending' | null;
  /** 届出年月日の基準 (rules setting in force on receivedOn). */
  dateBasis: 'received' | 'written';
  reviewStartedAt: string | null;
  reviewedBy: string | null;
  decision: 'accepted' | 'returned' | 'withdrawn' | null;
  decidedAt: string | null;
  decidedBy: string | null;
  returnReason: string | null;
  note: string | null;
}

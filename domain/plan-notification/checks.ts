/** 居宅サービス計画作成依頼（変更）届出 (居宅届) acceptance checks [S66] [S67] [S69] [S71] [S72] [S74]. Pure. */
import type { ApplicationType, CareLevel, IsoDate, OfficeKind } from '../certification/types';
import type { CertificationRules } from '../certification/rules';
import type { FieldError } from '../certification/intake';
import { addDays, addMonths, compareDates, isValidIsoDate } from '../dates';
import { careLevelLabel, officeKindLabel } from '../glossary';
import { isOfficeNumber, OFFICE_NUMBER_MESSAGE } from '../people/identifiers';
import type { IdentityCheck, IdentityMethod, PlanFiling } from './types';
import { judgeAgencyReceiptWindow, type AgencyReceiptWindow } from './agency-receipt';

/** 償還払いの警告文 [S67] [S69] [S70]. */
export const REIMBURSEMENT_WARNING = '届出日より前のサービスは償還払い（いったん全額自己負担）になります';

const IDENTITY_METHODS: readonly IdentityMethod[] = ['my_number_card', 'photo_id', 'two_documents'];

/** 届出先の事業所種別: 要支援 → 地域包括/介護予防支援; 要介護 → 居宅介護支援; 申請中 → all three; 非該当 → none [S67] [S69]. */
export function requiredOfficeKinds(level: CareLevel | 'pending'): OfficeKind[] {
  if (level === 'pending') return ['home_care_support', 'community_support_center', 'preventive_support'];
  if (level === 'support_1' || level === 'support_2') return ['community_support_center', 'preventive_support'];
  if (level === 'non_applicable') return [];
  return ['home_care_support'];
}

/** 本人確認の記録の検証: two documents need ≥2 named documents; proxy needs authority; who/when recorded [S74]. */
export function validateIdentityCheck(c: IdentityCheck): FieldError[] {
  const errors: FieldError[] = [];
  if (!IDENTITY_METHODS.includes(c.method)) {
    errors.push({ field: 'identity.method', message: '本人確認の方法を選択してください' });
  }
  if (c.method === 'two_documents') {
    const docs = (c.documents ?? []).filter((d) => d.trim() !== '');
    if (docs.length < 2) {
      errors.push({ field: 'identity.documents', message: '写真のない書類による本人確認は2点以上の書類が必要です' });
    }
  }
  if (c.proxy) {
    if (c.proxy.authority !== 'legal_representative' && c.proxy.authority !== 'power_of_attorney') {
      errors.push({
        field: 'identity.proxy.authority',
        message: '代理権の確認書類（法定代理人または委任状）を選択してください',
      });
    }
    if (!IDENTITY_METHODS.includes(c.proxy.proxyIdentityMethod)) {
      errors.push({ field: 'identity.proxy.proxyIdentityMethod', message: '代理人の本人確認の方法を選択してください' });
    }
  }
  if (!c.checkedBy || c.checkedBy.trim() === '') {
    errors.push({ field: 'identity.checkedBy', message: '本人確認を行った職員を記録してください' });
  }
  if (!c.checkedOn || !isValidIsoDate(c.checkedOn)) {
    errors.push({ field: 'identity.checkedOn', message: '本人確認日を正しい日付で入力してください' });
  }
  return errors;
}

/**
 * 居宅届の受理前チェック: identity, person, office kind vs level, open filing, plausible start date, change details;
 * warns of 償還払い when services start before the filing date [S67] [S69] [S70] [S72] [S74].
 */
export function validatePlanNotification(input: {
  filedOn: IsoDate;
  startDate: IsoDate;
  personExists: boolean;
  personLevel: CareLevel | 'pending' | null;
  officeKind: OfficeKind;
  hasOpenFiling: boolean;
  change: boolean;
  changeReason?: string | null;
  previousOfficeNo?: string | null;
  identity: IdentityCheck | null;
}): { errors: FieldError[]; warnings: string[] } {
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  const { filedOn, startDate } = input;

  if (!input.identity) {
    errors.push({ field: 'identity', message: '本人確認が記録されていません' });
  } else {
    errors.push(...validateIdentityCheck(input.identity));
  }

  if (!input.personExists) {
    errors.push({ field: 'insuredNumber', message: '該当する被保険者が見つかりません' });
  } else if (input.personLevel === null) {
    errors.push({ field: 'insuredNumber', message: '有効な認定も申請中の認定もないため受理できません' });
  } else if (input.personLevel === 'non_applicable') {
    errors.push({ field: 'insuredNumber', message: '非該当のため居宅届は受理できません' });
  } else {
    const kinds = requiredOfficeKinds(input.personLevel);
    if (!kinds.includes(input.officeKind)) {
      const who = input.personLevel === 'pending' ? '申請中' : careLevelLabel(input.personLevel);
      errors.push({
        field: 'officeKind',
        message: `${who}の方の届出先は${kinds.map(officeKindLabel).join('または')}です（${officeKindLabel(input.officeKind)}は届け出られません）`,
      });
    }
  }

  if (input.hasOpenFiling) {
    errors.push({ field: 'insuredNumber', message: 'この被保険者には処理中の居宅届があります' });
  }

  const filedOk = isValidIsoDate(filedOn);
  if (!filedOk) errors.push({ field: 'filedOn', message: '届出日を正しい日付で入力してください' });
  if (!isValidIsoDate(startDate)) {
    errors.push({ field: 'startDate', message: '開始（変更）年月日を正しい日付で入力してください' });
  } else if (filedOk) {
    if (compareDates(startDate, addMonths(filedOn, -12)) < 0 || compareDates(startDate, addMonths(filedOn, 12)) > 0) {
      errors.push({ field: 'startDate', message: '開始（変更）年月日が届出日から1年以上離れています' });
    } else if (compareDates(startDate, filedOn) < 0) {
      warnings.push(REIMBURSEMENT_WARNING);
    }
  }

  if (input.change) {
    if (!input.changeReason || input.changeReason.trim() === '') {
      errors.push({ field: 'changeReason', message: '変更事由を入力してください' });
    }
    if (!input.previousOfficeNo || input.previousOfficeNo.trim() === '') {
      errors.push({ field: 'previousOfficeNo', message: '変更前の事業所番号を入力してください' });
    } else if (!isOfficeNumber(input.previousOfficeNo)) {
      errors.push({ field: 'previousOfficeNo', message: OFFICE_NUMBER_MESSAGE });
    }
  }
  return { errors, warnings };
}

/**
 * 前事業所の終了日: newStart − 1 day. The office acting at month-end does that month's 給付管理, so a mid-month
 * change moves the whole month to the new office [S71].
 */
export function previousAssignmentEndDate(newStart: IsoDate): IsoDate {
  return addDays(newStart, -1);
}

/** 被保険者証に印字する届出年月日: receipt date or written date per planNotificationDateBasis (UNCONFIRMED) [S67d]. */
export function notificationDate(
  dates: { receivedOn: IsoDate; writtenOn?: IsoDate | null },
  rules: Pick<CertificationRules, 'planNotificationDateBasis'>,
): IsoDate {
  return rules.planNotificationDateBasis === 'written' && dates.writtenOn ? dates.writtenOn : dates.receivedOn;
}

/** The facts the 受付時の確認 reads from the register (db/plan-notifications planFilingFacts). */
export interface PlanFilingFacts {
  office: { kind: OfficeKind } | null;
  person: { exists: boolean; level: CareLevel | 'pending' | null };
  hasOpenFiling: boolean;
  /**
   * 代理受領の届出期限 (agency-receipt.ts): the insurer's setting on the filing date, the 認定日 of the certification in
   * force on the start date, and the application pending on the filing date (interim use). Without it, a start before
   * the filing date is warned of 償還払い.
   */
  agencyReceipt?: {
    window: AgencyReceiptWindow;
    resultOn: IsoDate | null;
    pendingType: ApplicationType | null;
  };
}

/**
 * 受付時の確認 of one filing on its facts: an unregistered office is refused outright, else validatePlanNotification.
 * The workflow's activity and the web's check before starting a workflow run this one function, so a filing the web
 * refuses starts nothing and one it lets through meets the same rules [S67] [S69] [S74].
 */
export function checkPlanFiling(
  filing: PlanFiling,
  filedOn: IsoDate,
  facts: PlanFilingFacts,
): { errors: FieldError[]; warnings: string[] } {
  if (!facts.office) {
    return {
      errors: [{ field: 'office', message: '届出事業所が登録されていません。市にお問い合わせください' }],
      warnings: [],
    };
  }
  const checked = validatePlanNotification({
    filedOn,
    startDate: filing.startDate,
    // Unknown number, wrong birth date, or no longer insured (死亡・転出) all read as "not found": no probing.
    personExists: facts.person.exists,
    personLevel: facts.person.level,
    officeKind: facts.office.kind,
    hasOpenFiling: facts.hasOpenFiling,
    change: filing.kind === 'change',
    changeReason: filing.change?.reason ?? null,
    previousOfficeNo: filing.change?.previousOfficeNo ?? null,
    identity: filing.identity ?? null,
  });
  const a = facts.agencyReceipt;
  if (!a || !isValidIsoDate(filedOn) || !isValidIsoDate(filing.startDate)) return checked;
  const judged = judgeAgencyReceiptWindow({
    window: a.window,
    filedOn,
    startDate: filing.startDate,
    resultOn: a.resultOn,
    interim: a.pendingType ? { applicationType: a.pendingType, contractOn: filing.contractOn ?? null } : null,
  });
  // The setting's answer replaces the plain 償還払い warning.
  const warnings = checked.warnings.filter((w) => w !== REIMBURSEMENT_WARNING);
  if (judged.within) return { errors: checked.errors, warnings };
  if (judged.action === 'refuse')
    return { errors: [...checked.errors, { field: 'startDate', message: judged.message }], warnings };
  return { errors: checked.errors, warnings: [...warnings, judged.message] };
}

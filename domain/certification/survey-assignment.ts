/**
 * 認定調査の割当 (issue 18): who may be picked as the survey's 認定調査員. Municipal staff (the insurer's own active
 * accounts with the 認定調査員 role), or, by 委託, an office of the insurer's office register whose designated
 * services make it a contractor care managers work at (居宅介護支援事業所, 地域包括・介護予防支援, 介護保険施設) [S28] [S26].
 * Which application types may be contracted out is a per-insurer setting (rules.surveyContractApplicationTypes):
 * domain.md §1.8 says 委託 to such offices is common for 更新, and marks the restriction of 新規 surveys to the
 * municipality or a 事務受託法人 as UNCONFIRMED (§5, point 8), so it is not a constant here. Pure.
 */
import type { FieldError } from './intake';
import type { ApplicationType } from './types';
import { APPLICATION_TYPE_LABELS } from '../glossary';

/** 委託できる事業所の指定サービス種別: care managers' offices and facilities (Mizuho 2020's contractor kinds) [S26]. */
export const SURVEY_CONTRACT_SERVICE_TYPES = [
  'home_care_support',
  'preventive_support',
  'community_support_center',
  'insurance_facility',
  'community_nursing_home',
] as const;

/** 標準設定: 更新 and 区分変更 surveys may be contracted to an office; 新規 (and 転入, which has none) may not. */
export const DEFAULT_SURVEY_CONTRACT_TYPES: readonly ApplicationType[] = ['renewal', 'level_change'];

/** Whether an office with these designated services can take a contracted survey. */
export function mayTakeContractedSurvey(serviceTypes: readonly string[]): boolean {
  return serviceTypes.some((t) => (SURVEY_CONTRACT_SERVICE_TYPES as readonly string[]).includes(t));
}

/** Whether a survey of this application type may be contracted out at all, under the insurer's setting. */
export function surveyContractAllowed(
  type: ApplicationType,
  contractTypes: readonly ApplicationType[] = DEFAULT_SURVEY_CONTRACT_TYPES,
): boolean {
  return type !== 'transfer_in' && contractTypes.includes(type);
}

/** The refusal for contracting out a survey of this type, or null when it may be. */
export function surveyContractRefusal(
  type: ApplicationType,
  contractTypes: readonly ApplicationType[] = DEFAULT_SURVEY_CONTRACT_TYPES,
): string | null {
  if (surveyContractAllowed(type, contractTypes)) return null;
  const allowed = contractTypes.filter((t) => t !== 'transfer_in').map((t) => APPLICATION_TYPE_LABELS[t]);
  return allowed.length
    ? `${APPLICATION_TYPE_LABELS[type]}の認定調査は事業所に委託できません（委託できるのは${allowed.join('・')}の調査です）`
    : '認定調査の事業所への委託は設定で行わないことになっています';
}

/** A staff account offered in the picker (the insurer's own). */
export interface SurveyorCandidate {
  loginId: string;
  displayName: string;
  role: string;
  active: boolean;
}

/** An office of the insurer's register offered in the picker. */
export interface ContractOfficeCandidate {
  officeNo: string;
  name: string;
  serviceTypes: readonly string[];
}

/** What the picker posts. */
export interface SurveyorChoice {
  surveyorKind: 'municipal' | 'office';
  surveyorLoginId?: string | null;
  officeNo?: string | null;
}

/** The accepted assignment, with the name the case keeps. */
export interface SurveyAssignment {
  surveyorKind: 'municipal' | 'office';
  surveyorName: string;
  surveyorLoginId: string | null;
  officeNo: string | null;
}

/** The accounts the picker lists: active, with the 認定調査員 role. */
export function pickableSurveyors(accounts: readonly SurveyorCandidate[]): SurveyorCandidate[] {
  return accounts.filter((a) => a.active && a.role === 'surveyor');
}

/** The offices the picker lists for a case of this type (none when the type may not be contracted). */
export function pickableOffices(
  offices: readonly ContractOfficeCandidate[],
  type: ApplicationType,
  contractTypes: readonly ApplicationType[] = DEFAULT_SURVEY_CONTRACT_TYPES,
): ContractOfficeCandidate[] {
  return surveyContractAllowed(type, contractTypes)
    ? offices.filter((o) => mayTakeContractedSurvey(o.serviceTypes))
    : [];
}

/**
 * Checks a pick against the insurer's own candidates (the caller lists only the insurer's accounts and register) and
 * the case's application type. Either the assignment, or the field errors in Japanese.
 */
export function resolveSurveyAssignment(
  choice: SurveyorChoice,
  c: {
    type: ApplicationType;
    contractTypes?: readonly ApplicationType[];
    accounts: readonly SurveyorCandidate[];
    offices: readonly ContractOfficeCandidate[];
  },
): { assignment: SurveyAssignment; errors: [] } | { assignment: null; errors: FieldError[] } {
  const fail = (field: string, message: string) => ({ assignment: null, errors: [{ field, message }] });
  if (choice.surveyorKind === 'municipal') {
    if (choice.officeNo) return fail('officeNo', '市職員の調査では委託先を選びません');
    const loginId = choice.surveyorLoginId ?? '';
    if (!loginId) return fail('surveyorLoginId', '認定調査員を選んでください');
    const a = pickableSurveyors(c.accounts).find((x) => x.loginId === loginId);
    if (!a) return fail('surveyorLoginId', '認定調査員は一覧（この保険者の認定調査員のアカウント）から選んでください');
    return {
      assignment: {
        surveyorKind: 'municipal',
        surveyorName: a.displayName,
        surveyorLoginId: a.loginId,
        officeNo: null,
      },
      errors: [],
    };
  }
  if (choice.surveyorLoginId) return fail('surveyorLoginId', '委託の場合、市職員の調査員は選びません');
  const refusal = surveyContractRefusal(c.type, c.contractTypes);
  if (refusal) return fail('officeNo', refusal);
  const officeNo = choice.officeNo ?? '';
  if (!officeNo) return fail('officeNo', '委託先の事業所を選んでください');
  const o = pickableOffices(c.offices, c.type, c.contractTypes).find((x) => x.officeNo === officeNo);
  if (!o) return fail('officeNo', '委託先は一覧（事業所台帳の居宅介護支援事業所・介護保険施設等）から選んでください');
  return {
    assignment: { surveyorKind: 'office', surveyorName: o.name, surveyorLoginId: null, officeNo: o.officeNo },
    errors: [],
  };
}

/**
 * 医療機関の閲覧範囲 (issue 15, Medical institutions): a hospital or clinic sees nothing of a person unless it was sent
 * that person's 主治医意見書依頼; then the 被保険者証's level data (要介護状態区分, 認定日, 有効期間), and the 負担割合証 and
 * 負担限度額認定証 only when it also provides care services (介護サービス提供医療機関). Pure.
 */
import { providesCareService } from '../offices/service-types';

/** One 意見書依頼 as the rule needs it: to whom it went, and whether the case withdrew it (取下げ before the opinion). */
export interface OpinionRequestFacts {
  institutionNo: string | null;
}

/** What a medical institution may see of one person; null = nothing (answered as "not found"). */
export interface MedicalScope {
  /** 被保険者証: 要介護状態区分, 認定日, 有効期間 */
  certificate: true;
  /** 負担割合証 and 負担限度額認定証 */
  copayAndBurdenLimit: boolean;
}

/** The person's data a medical institution may see, from the requests sent about the person and its service types. */
export function medicalScopeOf(input: {
  institutionNo: string;
  serviceTypes: readonly string[];
  requests: readonly OpinionRequestFacts[];
}): MedicalScope | null {
  if (!input.requests.some((r) => r.institutionNo != null && r.institutionNo === input.institutionNo)) return null;
  return { certificate: true, copayAndBurdenLimit: providesCareService(input.serviceTypes) };
}

/** Whether a medical institution may open (write, submit, read back) one 意見書依頼: only the one it was sent. */
export function mayOpenRequest(institutionNo: string, request: OpinionRequestFacts): boolean {
  return request.institutionNo != null && request.institutionNo === institutionNo;
}

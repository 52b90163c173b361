/** 居宅届 activities: the filing checks (facts from db/, rules from domain/) and the effects of 受理. */
import type { Repositories } from '../db';
import type { PlanAcceptanceWrite } from '../db/plan-notifications';
import type { FieldError } from '../domain/certification/intake';
import type { CareLevel, IsoDate } from '../domain/certification/types';
import { checkPlanFiling, previousAssignmentEndDate } from '../domain/plan-notification/checks';
import type { PlanFiling, PlanOffice } from '../domain/plan-notification/types';

/** Input of checkPlanFiling. */
export interface PlanFilingCheckInput {
  workflowId: string;
  insurerNo: string;
  officeNo: string;
  filing: PlanFiling;
  filedOn: IsoDate;
}

/** Output of checkPlanFiling: the refusals, the warnings and the facts the round keeps. */
export interface PlanFilingCheckResult {
  errors: FieldError[];
  warnings: string[];
  office: PlanOffice | null;
  personLevel: CareLevel | 'pending' | null;
  dateBasis: 'received' | 'written';
  insurerName: string;
}

/** Input of applyPlanAcceptance (idempotent per workflow): what 受理 writes, less the end date it works out. */
export type PlanAcceptanceInput = Omit<PlanAcceptanceWrite, 'previousEndDate'>;

/** The assignments acceptance ended (前事業所の終了). */
export interface PlanAcceptanceResult {
  endedAssignments: { officeNo: string; endDate: IsoDate }[];
}

export function createPlanNotificationActivities({ repos }: { repos: Repositories }) {
  const plans = repos.planNotifications;
  return {
    /** 受付時の確認: reads the person, office, open cases and settings, then applies validatePlanNotification. Read-only. */
    async checkPlanFiling(input: PlanFilingCheckInput): Promise<PlanFilingCheckResult> {
      const { filing, filedOn } = input;
      const [name, facts, rules] = await Promise.all([
        plans.insurerName(input.insurerNo),
        plans.planFilingFacts({
          insurerNo: input.insurerNo,
          officeNo: input.officeNo,
          insuredNo: filing.person.insuredNo,
          birthDate: filing.person.birthDate,
          filedOn,
          workflowId: input.workflowId,
          startDate: filing.startDate,
        }),
        repos.rules.certificationRulesOn(input.insurerNo, filedOn),
      ]);
      const { errors, warnings } = checkPlanFiling(filing, filedOn, facts);
      return {
        errors,
        warnings,
        office: facts.office,
        personLevel: facts.office ? facts.person.level : null,
        dateBasis: facts.office ? rules.planNotificationDateBasis : 'received',
        insurerName: name,
      };
    },

    /**
     * 受理の反映: ends the person's other open 担当事業所 rows at previousAssignmentEndDate(start) (the office acting
     * at month-end does that month's 給付管理 [S71]), adds the new assignment and writes the 被保険者証 (field H).
     * Running it twice changes nothing more.
     */
    async applyPlanAcceptance(input: PlanAcceptanceInput): Promise<PlanAcceptanceResult> {
      const previousEndDate = previousAssignmentEndDate(input.startDate);
      return { endedAssignments: await plans.applyPlanAcceptance({ ...input, previousEndDate }) };
    },
  };
}

import type { Knex } from 'knex';
import type { CareLevel, IsoDate, OfficeKind } from '../domain/certification/types';
import { compareDates, maxDate } from '../domain/dates';
import { previousAssignmentEndDate, validatePlanNotification } from '../domain/plan-notification/checks';
import type {
  PlanAcceptanceInput,
  PlanAcceptanceResult,
  PlanFilingCheckInput,
  PlanFilingCheckResult,
  PlanOffice,
} from '../workflows/plan-notification/messages';
import { certificationRulesOn } from '../db/rules';
import type { ActivityDeps } from './index';

/** 居宅届 activities: the filing checks (facts from the database, rules from domain/) and the effects of 受理. */
export function createPlanNotificationActivities({ db }: ActivityDeps) {
  return {
    /** 受付時の確認: reads the person, office, open cases and settings, then applies validatePlanNotification. Read-only. */
    async checkPlanFiling(input: PlanFilingCheckInput): Promise<PlanFilingCheckResult> {
      const { filing, filedOn } = input;
      const [insurer, office, facts, hasOpenFiling, rules] = await Promise.all([
        db('insurers').where({ insurer_no: input.insurerNo }).first('name'),
        findOffice(db, input.officeNo),
        personFacts(db, input.insurerNo, filing.person.insuredNo, filing.person.birthDate, filedOn),
        db('cases')
          .where({ case_kind: 'plan_notification', insured_no: filing.person.insuredNo, status: 'open' })
          .whereNot({ workflow_id: input.workflowId })
          .first('workflow_id')
          .then(Boolean),
        certificationRulesOn(db, input.insurerNo, filedOn),
      ]);
      if (!office) {
        const error = { field: 'office', message: '届出事業所が登録されていません。市にお問い合わせください' };
        return {
          errors: [error],
          warnings: [],
          office: null,
          personLevel: null,
          dateBasis: 'received',
          insurerName: insurer?.name ?? '',
        };
      }
      const { errors, warnings } = validatePlanNotification({
        filedOn,
        startDate: filing.startDate,
        // Unknown number, wrong birth date, or no longer insured (死亡・転出) all read as "not found": no probing.
        personExists: facts.exists,
        personLevel: facts.level,
        officeKind: office.kind,
        hasOpenFiling,
        change: filing.kind === 'change',
        changeReason: filing.change?.reason ?? null,
        previousOfficeNo: filing.change?.previousOfficeNo ?? null,
        identity: filing.identity ?? null,
      });
      return {
        errors,
        warnings,
        office,
        personLevel: facts.level,
        dateBasis: rules.planNotificationDateBasis,
        insurerName: insurer?.name ?? '',
      };
    },

    /**
     * 受理の反映 in one transaction: ends the open 担当事業所 rows of this person at previousAssignmentEndDate(start)
     * (the office acting at month-end does that month's 給付管理 [S71]), adds the new assignment, and writes the
     * office and 届出年月日 on the 被保険者証 (field H). Running it twice changes nothing more.
     */
    async applyPlanAcceptance(input: PlanAcceptanceInput): Promise<PlanAcceptanceResult> {
      const endDate = previousAssignmentEndDate(input.startDate);
      return db.transaction(async (trx) => {
        const open: { id: number; office_no: string; start_date: string }[] = await trx('office_assignments')
          .where({ insured_no: input.insuredNo })
          .whereNull('end_date')
          .andWhere((q) => q.whereNull('source_workflow_id').orWhereNot({ source_workflow_id: input.workflowId }))
          .select('id', 'office_no', 'start_date');
        const ended: PlanAcceptanceResult['endedAssignments'] = [];
        for (const row of open) {
          const end = maxDate(endDate, row.start_date);
          await trx('office_assignments').where({ id: row.id }).update({ end_date: end });
          ended.push({ officeNo: row.office_no, endDate: end });
        }
        await trx('office_assignments')
          .insert({
            insured_no: input.insuredNo,
            office_no: input.officeNo,
            start_date: input.startDate,
            end_date: null,
            source_workflow_id: input.workflowId,
          })
          .onConflict(['source_workflow_id', 'insured_no', 'office_no'])
          .ignore();
        await trx('insured_persons')
          .where({ insured_no: input.insuredNo, insurer_no: input.insurerNo })
          .update({ plan_office_no: input.officeNo, plan_notified_on: input.notifiedOn, updated_at: input.updatedAt });
        return { endedAssignments: ended };
      });
    },
  };
}

async function findOffice(db: Knex, officeNo: string): Promise<PlanOffice | null> {
  const o = await db('offices').where({ office_no: officeNo }).first();
  if (!o) return null;
  return {
    officeNo: o.office_no,
    name: o.name,
    kind: o.kind as OfficeKind,
    address: o.address ?? null,
    phone: o.phone ?? null,
  };
}

/**
 * The person as the office-kind check needs them: exists (number + birth date match, still insured), and the level:
 * 'pending' while a certification case is open, else the certification valid on the filing date, else null.
 */
async function personFacts(
  db: Knex,
  insurerNo: string,
  insuredNo: string,
  birthDate: IsoDate,
  filedOn: IsoDate,
): Promise<{ exists: boolean; level: CareLevel | 'pending' | null }> {
  const p = await db('insured_persons').where({ insured_no: insuredNo, insurer_no: insurerNo }).first();
  if (!p || p.birth_date !== birthDate || p.status !== 'active') return { exists: false, level: null };
  const pending = await db('cases')
    .where({ case_kind: 'certification', insured_no: insuredNo, status: 'open' })
    .first('workflow_id');
  if (pending) return { exists: true, level: 'pending' };
  const valid =
    p.care_level &&
    p.cert_valid_to &&
    compareDates(p.cert_valid_to, filedOn) >= 0 &&
    (!p.cert_valid_from || compareDates(p.cert_valid_from, filedOn) <= 0);
  return { exists: true, level: valid ? (p.care_level as CareLevel) : null };
}

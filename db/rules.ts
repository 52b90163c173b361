import type { Knex } from 'knex';
import {
  DEFAULT_RULE_VERSIONS,
  resolveRules,
  type CertificationRules,
  type RuleVersion,
} from '../domain/certification/rules';
import type { IsoDate } from '../domain/certification/types';

/** 設定の版 in force on a date: DEFAULT_RULE_VERSIONS overlaid with the insurer's rule_versions rows. */
export async function certificationRulesOn(db: Knex, insurerNo: string, onDate: IsoDate): Promise<CertificationRules> {
  const rows: { effective_from: string; rules_json: string }[] = await db('rule_versions')
    .where({ insurer_no: insurerNo, rule_set: 'certification' })
    .orderBy('effective_from')
    .select('effective_from', 'rules_json');
  const versions: RuleVersion[] = [
    ...DEFAULT_RULE_VERSIONS,
    ...rows.map((r) => ({
      effectiveFrom: r.effective_from,
      rules: JSON.parse(r.rules_json) as Partial<CertificationRules>,
    })),
  ];
  return resolveRules(versions, onDate);
}

/** Saves the insurer's 設定の版 from a date (one row per date: saving the same date again replaces it). */
export async function saveCertificationRules(
  db: Knex,
  v: {
    insurerNo: string;
    effectiveFrom: IsoDate;
    rules: Partial<CertificationRules>;
    createdBy: string;
    createdAt: string;
  },
): Promise<void> {
  await db('rule_versions')
    .insert({
      insurer_no: v.insurerNo,
      rule_set: 'certification',
      effective_from: v.effectiveFrom,
      rules_json: JSON.stringify(v.rules),
      created_by: v.createdBy,
      created_at: v.createdAt,
    })
    .onConflict(['insurer_no', 'rule_set', 'effective_from'])
    .merge(['rules_json', 'created_by', 'created_at']);
}

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

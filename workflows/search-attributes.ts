import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Only opaque codes and dates: search attributes are stored unencrypted, so never names or 被保険者番号.

/** Case stage code (e.g. 'investigating'). */
export const caseStageKey = defineSearchAttributeKey('KaigoCaseStage', SearchAttributeType.KEYWORD);
/** 保険者番号 (a public municipal code, not personal data). */
export const insurerNoKey = defineSearchAttributeKey('KaigoInsurerNo', SearchAttributeType.KEYWORD);
/** Statutory decision deadline (30-day rule) as a date-time at JST midnight. */
export const decisionDueKey = defineSearchAttributeKey('KaigoDecisionDue', SearchAttributeType.DATETIME);

/**
 * Every custom search attribute; the dev server registers these at start. There is no case-kind attribute: the
 * workflow type already says it, and the Web UI and visibility queries filter by `WorkflowType` (issue 20).
 */
export const ALL_SEARCH_ATTRIBUTES = [caseStageKey, insurerNoKey, decisionDueKey];

/** CLI form `Name=Type` for `temporal server start-dev --search-attribute`. */
export function searchAttributeCliArgs(): string[] {
  const typeName: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.DATETIME]: 'Datetime',
  };
  return ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${typeName[k.type]}`]);
}

type AttributePair =
  { key: typeof caseStageKey | typeof insurerNoKey; value: string } | { key: typeof decisionDueKey; value: Date };

/**
 * The pairs whose value differs from what the execution already carries (set by the starter, or upserted earlier).
 * Every upsert is a visibility write on the server, the dearest command a case issues, so unchanged values are skipped.
 */
export function changedAttributes(
  current: { get(key: AttributePair['key']): unknown },
  pairs: AttributePair[],
): AttributePair[] {
  return pairs.filter((p) => {
    const now = current.get(p.key);
    return p.value instanceof Date ? !(now instanceof Date && now.getTime() === p.value.getTime()) : now !== p.value;
  });
}

import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

// Only opaque codes and dates: search attributes are stored unencrypted, so never names or 被保険者番号.

/** Case stage code (e.g. 'investigating'). */
export const caseStageKey = defineSearchAttributeKey('KaigoCaseStage', SearchAttributeType.KEYWORD);
/** Case kind: certification / plan_notification / renewal_watch. */
export const caseKindKey = defineSearchAttributeKey('KaigoCaseKind', SearchAttributeType.KEYWORD);
/** 保険者番号 (a public municipal code, not personal data). */
export const insurerNoKey = defineSearchAttributeKey('KaigoInsurerNo', SearchAttributeType.KEYWORD);
/** Statutory decision deadline (30-day rule) as a date-time at JST midnight. */
export const decisionDueKey = defineSearchAttributeKey('KaigoDecisionDue', SearchAttributeType.DATETIME);

/** Every custom search attribute; the dev server registers these at start. */
export const ALL_SEARCH_ATTRIBUTES = [caseStageKey, caseKindKey, insurerNoKey, decisionDueKey];

/** CLI form `Name=Type` for `temporal server start-dev --search-attribute`. */
export function searchAttributeCliArgs(): string[] {
  const typeName: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.DATETIME]: 'Datetime',
  };
  return ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${typeName[k.type]}`]);
}

type AttributePair =
  | { key: typeof caseStageKey | typeof caseKindKey | typeof insurerNoKey; value: string }
  | { key: typeof decisionDueKey; value: Date };

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

/**
 * Search attributes a starter sets on a new case (codes and dates only): written with the start, they cost no extra
 * visibility write. The workflow upserts any that are missing or differ.
 */
export function certificationStartAttributes(insurerNo: string, dueOn: string, type: string): SearchAttributePair[] {
  return [
    { key: caseKindKey, value: 'certification' },
    { key: insurerNoKey, value: insurerNo },
    { key: decisionDueKey, value: new Date(`${dueOn}T00:00:00+09:00`) },
    // The 主治医意見書依頼 goes out in the case's first step, so a case settles in 'investigating' at once (転入 has
    // neither survey nor opinion and settles in 'received').
    { key: caseStageKey, value: type === 'transfer_in' ? 'received' : 'investigating' },
  ];
}

/** Search attributes of a new 更新勧奨 watch. */
export function renewalWatchStartAttributes(insurerNo: string): SearchAttributePair[] {
  return [
    { key: caseKindKey, value: 'renewal_watch' },
    { key: insurerNoKey, value: insurerNo },
    { key: caseStageKey, value: 'waiting' },
  ];
}

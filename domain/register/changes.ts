/**
 * 証書の更新確認: what an office was last shown of a person, as labelled values, and what differs now ("更新あり" with
 * the old and new value). Pure.
 */

/** 表示した値: label → the value as shown (e.g. 「負担割合」 → 「2割（令和8年8月1日〜令和9年7月31日）」). */
export type ShownValues = Record<string, string>;

/** One value that changed since the office last looked. */
export interface ShownChange {
  label: string;
  before: string;
  after: string;
}

/**
 * The values that differ between what was last shown (JSON, null before the first look: nothing to compare) and
 * what is shown now, in the order of `now`; a value that disappeared shows as 「なし」.
 */
export function changesSince(lastShownJson: string | null, now: ShownValues): ShownChange[] {
  if (lastShownJson === null) return [];
  let before: ShownValues;
  try {
    before = JSON.parse(lastShownJson) as ShownValues;
  } catch {
    return [];
  }
  const labels = [...Object.keys(now), ...Object.keys(before).filter((k) => !(k in now))];
  return labels
    .filter((label) => (before[label] ?? 'なし') !== (now[label] ?? 'なし'))
    .map((label) => ({ label, before: before[label] ?? 'なし', after: now[label] ?? 'なし' }));
}

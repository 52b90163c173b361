/**
 * The verdict on one case after the faults: its rows and its history against a control case run before any fault.
 * Pure, so that its checks are tested failing (test/unit/chaos-judge.test.ts).
 */
import type { CaseFootprint } from '../../db/integrity';

/** How a case ended and how many human actions its history accepted. */
export interface CaseHistory {
  status: string | null;
  updatesAccepted: number;
  updatesCompleted: number;
}

export type Verdict = 'ok' | 'lost' | 'doubled' | 'stuck';

export interface CaseVerdict {
  workflowId: string;
  verdict: Verdict;
  why: string[];
}

/** Rows per value: a multiset, so an extra or a missing row of the same kind shows. */
function counts(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function compare(what: string, expected: string[], actual: string[], why: string[]): { lost: boolean; extra: boolean } {
  const e = counts(expected);
  const a = counts(actual);
  let lost = false;
  let extra = false;
  for (const k of new Set([...e.keys(), ...a.keys()])) {
    const d = (a.get(k) ?? 0) - (e.get(k) ?? 0);
    if (d < 0) ((lost = true), why.push(`${what} ${k}: ${-d} missing`));
    if (d > 0) ((extra = true), why.push(`${what} ${k}: ${d} extra`));
  }
  return { lost, extra };
}

/**
 * One case against the control case: the same rows of every kind, seqs 1..last_seq with no gap, and its history
 * accepting exactly the actions the control's did. Stuck beats doubled beats lost when several apply.
 */
export function judgeCase(
  control: { footprint: CaseFootprint; history: CaseHistory },
  footprint: CaseFootprint,
  history: CaseHistory,
): CaseVerdict {
  const why: string[] = [];
  let lost = false;
  let extra = false;
  const note = (r: { lost: boolean; extra: boolean }) => ((lost ||= r.lost), (extra ||= r.extra));
  if (history.status === null) ((lost = true), why.push('workflow not found'));
  else if (history.status !== 'COMPLETED') why.push(`workflow ${history.status}`);
  if (footprint.caseRows !== 1)
    (why.push(`${footprint.caseRows} cases rows`),
      note({ lost: footprint.caseRows === 0, extra: footprint.caseRows > 1 }));
  const seqs = footprint.events.map((e) => e.seq);
  if (seqs.some((s, i) => s !== i + 1) || footprint.lastSeq !== seqs.length)
    ((lost = true), why.push(`seqs ${seqs.join(',')} with last_seq ${footprint.lastSeq}`));
  const ev = (f: CaseFootprint) => f.events.map((e) => e.eventType);
  note(compare('event', ev(control.footprint), ev(footprint), why));
  note(compare('task', control.footprint.taskKeys, footprint.taskKeys, why));
  note(compare('notice', control.footprint.noticeKinds, footprint.noticeKinds, why));
  note(compare('outbox', control.footprint.outboxKinds, footprint.outboxKinds, why));
  if (footprint.personLevel !== control.footprint.personLevel)
    ((lost = true), why.push(`被保険者証 level ${footprint.personLevel}`));
  const h = (n: number, m: number, what: string) => {
    if (n !== m) (note({ lost: n < m, extra: n > m }), why.push(`history: ${n} ${what}, control ${m}`));
  };
  h(history.updatesAccepted, control.history.updatesAccepted, 'Updates accepted');
  h(history.updatesCompleted, control.history.updatesCompleted, 'Updates completed');
  const stuck = history.status === 'RUNNING';
  const verdict: Verdict = stuck ? 'stuck' : extra ? 'doubled' : lost || why.length > 0 ? 'lost' : 'ok';
  return { workflowId: footprint.workflowId, verdict, why };
}

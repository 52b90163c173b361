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

/** Adds a line to `why` for every row kind with fewer (missing) or more (extra) rows than expected. */
function compare(what: string, expected: string[], actual: string[], why: Finding[]): void {
  const e = counts(expected);
  const a = counts(actual);
  for (const k of new Set([...e.keys(), ...a.keys()])) {
    const d = (a.get(k) ?? 0) - (e.get(k) ?? 0);
    if (d < 0) why.push({ kind: 'missing', text: `${what} ${k}: ${-d} missing` });
    if (d > 0) why.push({ kind: 'extra', text: `${what} ${k}: ${d} extra` });
  }
}

interface Finding {
  kind: 'missing' | 'extra' | 'other';
  text: string;
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
  const found: Finding[] = [];
  const count = (what: string, n: number, expected: number) => {
    if (n < expected) found.push({ kind: 'missing', text: `${what}: ${n}, control ${expected}` });
    if (n > expected) found.push({ kind: 'extra', text: `${what}: ${n}, control ${expected}` });
  };
  if (history.status === null) found.push({ kind: 'missing', text: 'workflow not found' });
  else if (history.status !== 'COMPLETED') found.push({ kind: 'other', text: `workflow ${history.status}` });
  count('cases rows', footprint.caseRows, 1);
  const seqs = footprint.events.map((e) => e.seq);
  if (seqs.some((s, i) => s !== i + 1) || footprint.lastSeq !== seqs.length)
    found.push({ kind: 'missing', text: `seqs ${seqs.join(',')} with last_seq ${footprint.lastSeq}` });
  const ev = (f: CaseFootprint) => f.events.map((e) => e.eventType);
  compare('event', ev(control.footprint), ev(footprint), found);
  compare('task', control.footprint.taskKeys, footprint.taskKeys, found);
  compare('notice', control.footprint.noticeKinds, footprint.noticeKinds, found);
  compare('outbox', control.footprint.outboxKinds, footprint.outboxKinds, found);
  if (footprint.personLevel !== control.footprint.personLevel)
    found.push({ kind: 'missing', text: `被保険者証 level ${footprint.personLevel}` });
  count('history: Updates accepted', history.updatesAccepted, control.history.updatesAccepted);
  count('history: Updates completed', history.updatesCompleted, control.history.updatesCompleted);
  const verdict: Verdict =
    history.status === 'RUNNING'
      ? 'stuck'
      : found.some((f) => f.kind === 'extra')
        ? 'doubled'
        : found.length > 0
          ? 'lost'
          : 'ok';
  return { workflowId: footprint.workflowId, verdict, why: found.map((f) => f.text) };
}

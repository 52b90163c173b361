/**
 * A second 居宅届 for the same client from the same office: refused when it repeats one still in progress or just
 * accepted word for word (a double filing), asked to be confirmed when it differs (a correction is a 変更届, but it
 * may also be a mistake). Pure: the web reads the office's earlier filings for the person and asks.
 */
import type { IsoDate } from '../certification/types';
import { addDays, compareDates } from '../dates';
import type { PlanFiling } from './types';

/** 受理 this many days ago or less still counts as "just accepted". */
export const RECENT_ACCEPTANCE_DAYS = 30;

/** One earlier filing of the same office for the same person, as the read model holds it. */
export interface EarlierFiling {
  filingNo: string;
  /** open = submitted, under review or returned; accepted; or another end (withdrawn, refused) */
  state: 'open' | 'accepted' | 'closed';
  acceptedOn: IsoDate | null;
  /** The filing of its latest round. */
  filing: Pick<PlanFiling, 'kind' | 'person' | 'startDate' | 'change'> | null;
}

export type DuplicateFinding =
  | { kind: 'identical'; filingNo: string; message: string }
  | { kind: 'similar'; filingNo: string; message: string }
  | null;

/** The same request: same kind, person, start date and, for a 変更, the same previous office. */
function sameRequest(a: EarlierFiling['filing'], b: PlanFiling): boolean {
  if (!a) return false;
  return (
    a.kind === b.kind &&
    a.startDate === b.startDate &&
    a.person.insuredNo === b.person.insuredNo &&
    a.person.name === b.person.name &&
    a.person.kana === b.person.kana &&
    a.person.birthDate === b.person.birthDate &&
    (a.change?.previousOfficeNo ?? '') === (b.change?.previousOfficeNo ?? '')
  );
}

/** The earlier filing this one would duplicate, if any; `requestId` (a resubmission of the same form) is not one. */
export function findDuplicateFiling(input: {
  filing: PlanFiling;
  requestId: string;
  earlier: EarlierFiling[];
  today: IsoDate;
}): DuplicateFinding {
  const since = addDays(input.today, -RECENT_ACCEPTANCE_DAYS);
  const live = input.earlier.filter(
    (e) =>
      e.filingNo !== input.requestId &&
      (e.state === 'open' ||
        (e.state === 'accepted' && e.acceptedOn != null && compareDates(e.acceptedOn, since) >= 0)),
  );
  const when = (e: EarlierFiling) => (e.state === 'open' ? '処理中' : '受理済み');
  const same = live.find((e) => sameRequest(e.filing, input.filing));
  if (same) {
    return {
      kind: 'identical',
      filingNo: same.filingNo,
      message: `同じ内容の居宅届（届出番号 ${same.filingNo}）が${when(same)}です。重ねて提出する必要はありません`,
    };
  }
  const other = live[0];
  if (!other) return null;
  return {
    kind: 'similar',
    filingNo: other.filingNo,
    message: `この利用者の居宅届（届出番号 ${other.filingNo}）が${when(other)}です。内容を変えて提出する場合は「重ねて提出する」にチェックしてください`,
  };
}

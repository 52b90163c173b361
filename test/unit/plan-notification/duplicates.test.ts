import { findDuplicateFiling, type EarlierFiling } from '../../../domain/plan-notification/duplicates';
import type { PlanFiling } from '../../../domain/plan-notification/types';

const person = { insuredNo: '0000100002', name: '松橋 ハナ', kana: 'マツバセ ハナ', birthDate: '1938-05-01' };
const filing = {
  kind: 'new',
  person,
  startDate: '2026-12-01',
  change: null,
} as unknown as PlanFiling;
const earlier = (over: Partial<EarlierFiling>): EarlierFiling => ({
  filingNo: '20261125-aaaaaaaa',
  state: 'accepted',
  acceptedOn: '2026-11-25',
  filing,
  ...over,
});
const find = (e: EarlierFiling[], today = '2026-11-25', requestId = '20261125-bbbbbbbb') =>
  findDuplicateFiling({ filing, requestId, earlier: e, today });

test('an identical filing while one is in progress or just accepted is refused, naming the earlier one', () => {
  expect(find([earlier({ state: 'open', acceptedOn: null })])).toMatchObject({
    kind: 'identical',
    message: expect.stringContaining('20261125-aaaaaaaa）が処理中です'),
  });
  expect(find([earlier({})])?.kind).toBe('identical');
  // accepted 30 days ago still counts; 31 days ago no longer
  expect(find([earlier({ acceptedOn: '2026-10-26' })])?.kind).toBe('identical');
  expect(find([earlier({ acceptedOn: '2026-10-25' })])).toBeNull();
});

test('a different filing for the same client is only to be confirmed', () => {
  const other = { ...filing, startDate: '2026-12-15' } as PlanFiling;
  expect(find([earlier({ filing: other })])).toMatchObject({ kind: 'similar', filingNo: '20261125-aaaaaaaa' });
  const otherBirth = { ...filing, person: { ...person, birthDate: '1938-05-02' } } as PlanFiling;
  expect(find([earlier({ filing: otherBirth })])?.kind).toBe('similar');
});

test('withdrawn or refused filings, and the same form sent again (its own requestId), are no duplicates', () => {
  expect(find([earlier({ state: 'closed', acceptedOn: null })])).toBeNull();
  expect(find([earlier({ state: 'open' })], '2026-11-25', '20261125-aaaaaaaa')).toBeNull();
  expect(find([])).toBeNull();
});

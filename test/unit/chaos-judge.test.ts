import type { CaseFootprint } from '../../db/integrity';
import { judgeCase, type CaseHistory } from '../../scripts/chaos/judge';

// The fault runner's verdicts: each way a case can go wrong must be told apart, or `npm run chaos` passes blind.
const footprint: CaseFootprint = {
  workflowId: 'cert-432130-A',
  caseRows: 1,
  status: 'closed',
  lastSeq: 3,
  events: [
    { seq: 1, eventType: 'received' },
    { seq: 2, eventType: 'surveyorAssigned' },
    { seq: 3, eventType: 'decided' },
  ],
  taskKeys: ['intake-review', 'survey-visit'],
  noticeKinds: ['opinion_request', 'result'],
  outboxKinds: ['jukyusha_ido'],
  personLevel: 'care_1',
};
const history: CaseHistory = { status: 'COMPLETED', updatesAccepted: 6, updatesCompleted: 6 };
const control = { footprint, history };
const judge = (f: Partial<CaseFootprint>, h: Partial<CaseHistory> = {}) =>
  judgeCase(control, { ...footprint, workflowId: 'cert-432130-B', ...f }, { ...history, ...h });

test('a case like the control is ok', () => {
  expect(judge({})).toEqual({ workflowId: 'cert-432130-B', verdict: 'ok', why: [] });
});

test('a step written twice, a second notice or outbox row, or an Update accepted twice is doubled', () => {
  const twice = [...footprint.events, { seq: 4, eventType: 'decided' }];
  expect(judge({ events: twice, lastSeq: 4 }).verdict).toBe('doubled');
  expect(judge({ noticeKinds: ['opinion_request', 'result', 'result'] }).verdict).toBe('doubled');
  expect(judge({ outboxKinds: ['jukyusha_ido', 'jukyusha_ido'] }).verdict).toBe('doubled');
  expect(judge({ taskKeys: ['intake-review', 'survey-visit', 'survey-visit'] }).verdict).toBe('doubled');
  expect(judge({}, { updatesAccepted: 7 }).why).toEqual(['history: Updates accepted: 7, control 6']);
});

test('a missing step, a gap in the seqs, a missing notice, outbox row or 被保険者証 update is lost', () => {
  expect(judge({ events: footprint.events.slice(0, 2), lastSeq: 2 }).verdict).toBe('lost');
  expect(judge({ events: [footprint.events[0], { seq: 3, eventType: 'surveyorAssigned' }] }).verdict).toBe('lost');
  expect(judge({ lastSeq: 2 }).verdict).toBe('lost');
  expect(judge({ noticeKinds: ['opinion_request'] }).verdict).toBe('lost');
  expect(judge({ outboxKinds: [] }).verdict).toBe('lost');
  expect(judge({ personLevel: null }).verdict).toBe('lost');
  expect(judge({ caseRows: 0, events: [], lastSeq: null }).verdict).toBe('lost');
  expect(judge({}, { status: null }).verdict).toBe('lost');
  expect(judge({}, { status: 'FAILED' }).verdict).toBe('lost');
});

test('a case still running when the time is up is stuck', () => {
  expect(judge({ status: 'open' }, { status: 'RUNNING', updatesAccepted: 4 }).verdict).toBe('stuck');
});

/** Certification activities run twice change nothing; rules are versioned by effective date. */
import type { Knex } from 'knex';
import { createActivities } from '../../activities';
import { createTempDb } from '../support/temp-db';
import { today } from './certification-support';

let db: Knex;
let cleanup: () => Promise<void>;
let acts: ReturnType<typeof createActivities>;

beforeAll(async () => {
  ({ db, cleanup } = await createTempDb({ seed: true, today: today() }));
  acts = createActivities({ db });
});
afterAll(async () => {
  await cleanup();
});

const workflowId = 'cert-432130-activity-test';

test('recordProgress, issueCertificationNotice, recordIntakeConsent and applyCertificationToInsuredPerson are idempotent', async () => {
  const step = {
    workflowId,
    seq: 1,
    occurredAt: '2026-11-25T01:00:00.000Z',
    case: { insurer_no: '432130', insured_no: '0000100003', stage: 'received' },
    event: { type: 'received', actor: 'nintei' },
    openTasks: [{ key: 'survey-assign', type: 'survey', title: '認定調査員の割当', candidateRole: 'intake' }],
  };
  await acts.recordProgress(step);
  await acts.recordProgress(step);
  expect(await db('case_events').where({ workflow_id: workflowId })).toHaveLength(1);
  expect(await db('tasks').where({ workflow_id: workflowId })).toHaveLength(1);

  const notice = {
    workflowId,
    insurerNo: '432130',
    insuredNo: '0000100003',
    key: 'opinion-request',
    kind: 'opinion_request',
    title: '主治医意見書作成依頼書',
    template: 'opinion-request',
    data: {
      applicationNo: 'A-1',
      appliedOn: '2026-11-25',
      type: 'new',
      issuedOn: '2026-11-25',
      doctor: { name: '宇土 誠', clinic: '宇城中央クリニック' },
    },
    issuedAt: '2026-11-25T01:00:00.000Z',
  };
  expect(await acts.issueCertificationNotice(notice)).toBe(`${workflowId}:opinion-request`);
  await acts.issueCertificationNotice({ ...notice, data: { ...notice.data, applicationNo: 'changed' } });
  const stored = await db('notices').where({ workflow_id: workflowId });
  expect(stored).toHaveLength(1);
  expect(stored[0].html).toContain('令和8年11月25日');
  expect(stored[0].html).toContain('小川 一郎');
  expect(stored[0].html).toContain('A-1');

  const consent = {
    workflowId,
    insuredNo: '0000100003',
    consent: { granted: true, date: '2026-11-25', obtainedBy: 'office_proxy' as const, officeNo: '4370100011' },
  };
  // an office's declared consent counts only once it holds a registration for the person (issue 15)
  await acts.recordIntakeConsent(consent);
  expect(await db('consents').where({ source_workflow_id: workflowId })).toHaveLength(0);
  const staff = await db('users').where({ login_id: 'ukinosato' }).first('id');
  await db('office_registrations').insert({
    office_no: '4370100011',
    insured_no: '0000100003',
    insurer_no: '432130',
    status: 'pending',
    method: 'insured_card',
    requested_by_user_id: staff.id,
    requested_at: '2026-11-25T00:00:00Z',
  });
  await acts.recordIntakeConsent(consent);
  await acts.recordIntakeConsent(consent);
  expect(await db('consents').where({ source_workflow_id: workflowId })).toHaveLength(1);

  const cert = {
    insuredNo: '0000100003',
    careLevel: 'care_1' as const,
    validFrom: '2026-11-25',
    validTo: '2027-05-31',
    certifiedOn: '2026-12-20',
    boardOpinion: null,
    serviceTypeRestriction: null,
    updatedAt: '2026-12-20T00:00:00.000Z',
  };
  await acts.applyCertificationToInsuredPerson(cert);
  const once = await db('insured_persons').where({ insured_no: '0000100003' }).first();
  await acts.applyCertificationToInsuredPerson(cert);
  expect(await db('insured_persons').where({ insured_no: '0000100003' }).first()).toEqual(once);
  expect(once).toMatchObject({ care_level: 'care_1', cert_valid_from: '2026-11-25', cert_valid_to: '2027-05-31' });
});

test('loadRules: the insurer’s versions overlay the defaults from their effective date only', async () => {
  await db('rule_versions').insert({
    insurer_no: '432130',
    rule_set: 'certification',
    effective_from: '2027-04-01',
    rules_json: JSON.stringify({ opinionReminderIntervalDays: 7, renewalWindowCountsExpiryMinus: 61 }),
    created_at: '2026-11-25T00:00:00Z',
  });
  const before = await acts.loadRules('432130', '2027-03-31');
  const after = await acts.loadRules('432130', '2027-04-01');
  expect(before).toMatchObject({
    opinionReminderIntervalDays: 14,
    renewalWindowCountsExpiryMinus: 60,
    decisionDeadlineDays: 30,
  });
  expect(after).toMatchObject({
    opinionReminderIntervalDays: 7,
    renewalWindowCountsExpiryMinus: 61,
    decisionDeadlineDays: 30,
  });
  expect(after.validityMonths.renewal_same_level.max).toBe(48);
});

test('issueRenewalReminderLetter: once for an active person; nothing after a 認定取消 or a 死亡', async () => {
  const letter = (insuredNo: string, id: string) =>
    acts.issueRenewalReminderLetter({
      workflowId: id,
      insurerNo: '432130',
      insuredNo,
      careLevel: 'care_2',
      validTo: '2027-03-31',
      issuedOn: today(),
      issuedAt: new Date().toISOString(),
    });
  expect(await letter('0000100001', 'renewal-letter-a')).toEqual(expect.any(String));
  expect(await db('notices').where({ id: 'renewal-letter-a:renewal-reminder' })).toHaveLength(1);
  await db('insured_persons').where({ insured_no: '0000100004' }).update({ cert_cancelled_on: today() });
  expect(await letter('0000100004', 'renewal-letter-b')).toBeNull();
  await db('insured_persons').where({ insured_no: '0000100006' }).update({ status: 'deceased' });
  expect(await letter('0000100006', 'renewal-letter-c')).toBeNull();
  expect(
    await db('notices').whereIn('id', ['renewal-letter-b:renewal-reminder', 'renewal-letter-c:renewal-reminder']),
  ).toEqual([]);
});

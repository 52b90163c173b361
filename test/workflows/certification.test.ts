/** 要介護認定 workflow on the real dev server: the main path and each ending. */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { addDays, addMonths, endOfMonth, formatWareki } from '../../domain/dates';
import { WorkflowNotFoundError } from '@temporalio/client';
import { decisionDueDate } from '../../domain/certification/deadlines';
import { DEFAULT_RULE_VERSIONS, resolveRules } from '../../domain/certification/rules';
import {
  certificationSnapshotQuery,
  certificationStartAttributes,
  certificationWorkflowId,
} from '../../workflows/certification/messages';
import { renewalWatchWorkflowId } from '../../workflows/renewal-watch/messages';
import { certificationWorkflow } from '../../workflows';
import { caseStageKey, decisionDueKey, insurerNoKey } from '../../workflows/search-attributes';
import { useServerAndSeededDb } from './temporal-env';
import {
  act,
  actor,
  boardDecides,
  eventually,
  caseRow,
  completeDocuments,
  events,
  intake,
  newApplication,
  secretariat,
  surveyor,
  tasks,
  today,
  withWorker,
} from './certification-support';
import { saveHistory } from './histories';
import { planPersonFacts } from '../../db/plan-notifications';

const taskQueue = `cert-main-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;

useServerAndSeededDb((opened) => ({ env, db } = opened));

/** Starts a case as the service does: with its search attributes (codes and dates only). */
function start(input: ReturnType<typeof newApplication>) {
  return env.client.workflow.start(certificationWorkflow, {
    workflowId: certificationWorkflowId(input.insurerNo, input.applicationNo),
    taskQueue,
    args: [input],
    typedSearchAttributes: certificationStartAttributes(
      input.insurerNo,
      decisionDueDate(input.appliedOn, resolveRules(DEFAULT_RULE_VERSIONS, input.appliedOn)),
      input.type,
    ),
  });
}

test('新規: intake → survey ∥ opinion → 一次判定 → board → 認定 → 結果通知, with the read model current after each Update', async () => {
  const input = newApplication('main');
  const t = today();
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(input);
    const wf = handle.workflowId;

    // The Update answers a receipt: the step's seq, and the read model already shows that step.
    const receipt = await act(handle, intake, {
      kind: 'assignSurveyor',
      surveyorKind: 'municipal',
      surveyorName: '小川 健',
      surveyorLoginId: 'chosa',
    });
    expect(receipt).toMatchObject({ stage: 'investigating', outcome: null });
    expect(receipt.allowedActions).toEqual(
      expect.arrayContaining(['scheduleSurvey', 'completeSurvey', 'receiveOpinion']),
    );
    expect(receipt.allowedActions).not.toContain('scheduleBoard'); // not before both documents are in
    expect((await caseRow(db, wf)).last_seq).toBe(receipt.seq);
    expect((await db('case_events').where({ workflow_id: wf, seq: receipt.seq }).first()).event_type).toBe(
      'survey_assigned',
    );
    expect((await handle.query(certificationSnapshotQuery)).survey.surveyorName).toBe('小川 健');
    const open = (await tasks(db, wf)).filter((x) => x.status === 'open').map((x) => x.id);
    expect(open).toEqual(expect.arrayContaining([`${wf}:survey-visit`, `${wf}:opinion-receive`]));
    expect(open).not.toContain(`${wf}:survey-assign`);
    // the 認定調査 reaches the assigned surveyor's own inbox
    const chosa = await db('users').where({ login_id: 'chosa' }).first();
    expect((await tasks(db, wf)).find((x) => x.id === `${wf}:survey-visit`).assignee_user_id).toBe(chosa.id);
    expect((await caseRow(db, wf)).stage).toBe('investigating');

    await act(handle, surveyor, { kind: 'scheduleSurvey', visitOn: t });
    await act(handle, surveyor, { kind: 'completeSurvey', surveyedOn: t, standardMinutes: 41, dementia: 'IIb' });
    await act(handle, intake, { kind: 'receiveOpinion', receivedOn: t, dementia: 'IIa' });
    // 32–50 min with 自立度 II+ in both → 要介護1
    const judged = await handle.query(certificationSnapshotQuery);
    expect(judged.bothDocumentsOn).toBe(t);
    expect(judged.primaryLevel).toBe('care_1');
    expect(judged.allowedActions).toContain('scheduleBoard');

    // Every human step moves the list's stage column, not only the automatic ones.
    await act(handle, secretariat, { kind: 'scheduleBoard', panel: '第1合議体', boardOn: t });
    expect((await caseRow(db, wf)).stage).toBe('board_scheduled');
    // the task a person reads names the board's date in 和暦, as every date on the pages
    const boardTask = (await tasks(db, wf)).find((x) => x.id === `${wf}:board-decide`);
    expect(boardTask.title).toContain(`第1合議体 ${formatWareki(t)}`);
    await act(handle, secretariat, {
      kind: 'recordSecondaryJudgement',
      finalLevel: 'care_2',
      months: 6,
      careNotes: '転倒に注意',
      serviceTypeRestriction: null,
    });
    // The 処分 is a task of its own for the 認定係, its title previewing the decision; nothing is issued yet.
    expect((await caseRow(db, wf)).stage).toBe('judged');
    const decisionTask = (await tasks(db, wf)).find((x) => x.id === `${wf}:decision`);
    expect(decisionTask).toMatchObject({ status: 'open', candidate_role: 'intake', task_type: 'decision' });
    expect(decisionTask.title).toContain(`要介護2 ${formatWareki(t)}〜${formatWareki(expectedTo(t, 6))}`);
    expect(await db('notices').where({ workflow_id: wf, kind: 'certification_result' })).toHaveLength(0);
    await act(handle, intake, { kind: 'decide' });
    const result = await handle.result();
    expect(result).toEqual({ outcome: 'certified', finalLevel: 'care_2', validFrom: t, validTo: expectedTo(t, 6) });

    const row = await caseRow(db, wf);
    expect(row).toMatchObject({
      stage: 'notified',
      status: 'closed',
      outcome: 'certified',
      application_type: 'new',
      insured_no: '0000100003',
      primary_level: 'care_1',
      final_level: 'care_2',
      valid_from: t,
      valid_to: expectedTo(t, 6),
      sla_state: 'done',
    });
    expect(await events(db, wf)).toEqual([
      'received',
      'opinion_requested',
      'survey_assigned',
      'survey_scheduled',
      'survey_completed',
      'opinion_received',
      'primary_judged',
      'board_scheduled',
      'secondary_judged',
      'decided',
      'notified',
    ]);
    const decidedEvent = await db('case_events').where({ workflow_id: wf, event_type: 'decided' }).first();
    expect(decidedEvent.actor).toBe('nintei');
    expect((await tasks(db, wf)).filter((x) => x.status === 'open')).toEqual([]);

    const notices = await db('notices').where({ workflow_id: wf }).orderBy('id');
    expect(notices.map((n) => n.kind).sort()).toEqual(['certification_result', 'opinion_request']);
    const result_ = notices.find((n) => n.kind === 'certification_result')!;
    expect(result_.html).toContain('要介護2');
    expect(result_.html).toContain('令和');
    expect(result_.html).toContain('小川 一郎');

    const person = await db('insured_persons').where({ insured_no: '0000100003' }).first();
    expect(person).toMatchObject({
      care_level: 'care_2',
      cert_valid_from: t,
      cert_valid_to: expectedTo(t, 6),
      board_opinion: '転倒に注意',
    });
    expect(await db('consents').where({ source_workflow_id: wf })).toHaveLength(1);
    expect(await db('outbox').where({ id: `${wf}:kokuhoren-beneficiary` })).toHaveLength(1);

    // Search attributes: codes and dates only. They come with the start ('investigating' included); the workflow
    // writes the stage only where the case settles (each upsert is a visibility write on the server), and a revision
    // in the input instead of patched() means no TemporalChangeVersion upsert either.
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(caseStageKey)).toBe('notified');
    expect(described.typedSearchAttributes.getAll().map((p) => p.key.name)).not.toContain('KaigoCaseKind');
    expect(described.typedSearchAttributes.get(insurerNoKey)).toBe(input.insurerNo);
    expect(described.typedSearchAttributes.get(decisionDueKey)?.toISOString()).toBe(
      new Date(`${row.due_on}T00:00:00+09:00`).toISOString(),
    );
    expect(await upsertedStages(handle)).toEqual(['primary_judged', 'board_scheduled', 'judged', 'notified']);
    const { events: history } = await handle.fetchHistory();
    expect((history ?? []).filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toHaveLength(4);
    expect((history ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toEqual([]);
    // One timer at a time, not one per clock or per day: the intake's, and one more when the surveyor's assignment
    // brings the next wake forward (its 7-day clock turns 要注意 before the 意見書's); a later date keeps the timer.
    expect((history ?? []).filter((e) => e.timerStartedEventAttributes).length).toBeLessThanOrEqual(2);

    // The renewal watch is no longer started here: the daily 更新勧奨 batch starts it near the expiry.
    const watch = env.client.workflow.getHandle(renewalWatchWorkflowId(input.insurerNo, input.applicationNo));
    await expect(watch.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await saveHistory(handle, 'certification-new-certified');
  });
});

/** The KaigoCaseStage values the workflow upserted, in order. */
async function upsertedStages(handle: WorkflowHandle): Promise<string[]> {
  const { events: history } = await handle.fetchHistory();
  return (history ?? []).flatMap((e) => {
    const field = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.[caseStageKey.name];
    return field?.data ? [JSON.parse(Buffer.from(field.data).toString('utf8')) as string] : [];
  });
}

/** 新規/区分変更: from the application date to the end of month + N (a 1st counts as month 1). */
function expectedTo(from: string, months: number): string {
  const first = from.endsWith('-01');
  const [y, m] = from.split('-').map(Number);
  const idx = y * 12 + (m - 1) + (first ? months - 1 : months);
  return endOfMonth(`${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}-01`);
}

test('更新: the new validity starts the day after the current expiry', async () => {
  const t = today();
  const current = await db('insured_persons').where({ insured_no: '0000100002' }).first();
  const input = newApplication('renewal', { insuredNo: '0000100002', type: 'renewal' });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(input);
    await completeDocuments(handle, t, 45, '自立');
    await boardDecides(handle, t, 'care_1', 24);
    const result = await handle.result();
    expect(result.validFrom).toBe(addDays(current.cert_valid_to, 1));
    expect(result.validTo).toBe(endOfMonth(addMonths(addDays(current.cert_valid_to, 1), 23)));
    // Decided before the current certification expires: it stays in force, the new one is held beside it.
    const person = await db('insured_persons').where({ insured_no: '0000100002' }).first();
    expect(person).toMatchObject({
      care_level: current.care_level,
      cert_valid_from: current.cert_valid_from,
      cert_valid_to: current.cert_valid_to,
      next_care_level: 'care_1',
      next_cert_valid_from: addDays(current.cert_valid_to, 1),
      next_cert_valid_to: result.validTo,
      next_certified_on: t,
    });
    // today's level for the 居宅届 is the current one; from the start date, the new one
    expect(await planPersonFacts(db, person.insurer_no, '0000100002', person.birth_date, t)).toEqual({
      exists: true,
      level: current.care_level,
    });
    expect(
      await planPersonFacts(db, person.insurer_no, '0000100002', person.birth_date, addDays(current.cert_valid_to, 1)),
    ).toEqual({ exists: true, level: 'care_1' });
    await saveHistory(handle, 'certification-renewal');
  });
});

test('区分変更 with no change outside the renewal window → 却下（変更なし）, the current certification stays', async () => {
  const t = today();
  const before = await db('insured_persons').where({ insured_no: '0000100001' }).first();
  const input = newApplication('nochange', {
    insuredNo: '0000100001',
    type: 'level_change',
    levelChangeReason: '転倒が増えた',
  });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(input);
    await completeDocuments(handle, t);
    await boardDecides(handle, t, 'care_2', 6);
    expect(await handle.result()).toMatchObject({ outcome: 'rejected_no_change', validFrom: null, validTo: null });
    const row = await caseRow(db, handle.workflowId);
    expect(row).toMatchObject({ stage: 'rejected', outcome: 'rejected_no_change', status: 'closed' });
    const notice = await db('notices')
      .where({ id: `${handle.workflowId}:result` })
      .first();
    expect(notice.html).toContain('却下');
    expect(notice.html).toContain('変更がない');
    const after = await db('insured_persons').where({ insured_no: '0000100001' }).first();
    expect(after.cert_valid_to).toBe(before.cert_valid_to);
    await saveHistory(handle, 'certification-level-change-no-change');
  });
});

test('区分変更 with no change inside the renewal window → みなし更新 from the day after expiry', async () => {
  const t = today();
  const expiry = endOfMonth(addDays(t, 20));
  await db('insured_persons').where({ insured_no: '0000100006' }).update({ cert_valid_to: expiry });
  const input = newApplication('deemed', {
    insuredNo: '0000100006',
    type: 'level_change',
    levelChangeReason: '認知症の進行',
  });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(input);
    await completeDocuments(handle, t, 95);
    // a みなし更新 takes the 更新 range (同一区分 3–48), not the 区分変更's 3–12: 24 months are accepted
    await boardDecides(handle, t, 'care_4', 24);
    const result = await handle.result();
    expect(result).toMatchObject({
      outcome: 'deemed_renewal',
      validFrom: addDays(expiry, 1),
      validTo: endOfMonth(addMonths(addDays(expiry, 1), 23)),
    });
    // decided before the expiry: held beside the current certification until it begins
    const person = await db('insured_persons').where({ insured_no: '0000100006' }).first();
    expect(person.cert_valid_to).toBe(expiry);
    expect(person.next_cert_valid_from).toBe(addDays(expiry, 1));
    const notice = await db('notices')
      .where({ id: `${handle.workflowId}:result` })
      .first();
    expect(notice.html).toContain('みなし更新');
    await saveHistory(handle, 'certification-level-change-deemed-renewal');
  });
});

test('区分変更 to another level → 認定 from the application date', async () => {
  const t = today();
  const input = newApplication('changed', {
    insuredNo: '0000100006',
    type: 'level_change',
    levelChangeReason: '状態の悪化',
  });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(input);
    await completeDocuments(handle, t, 115);
    await boardDecides(handle, t, 'care_5', 12);
    const result = await handle.result();
    expect(result).toMatchObject({
      outcome: 'certified',
      finalLevel: 'care_5',
      validFrom: t,
      validTo: expectedTo(t, 12),
    });
    expect(await caseRow(db, handle.workflowId)).toMatchObject({ stage: 'notified', outcome: 'certified' });
    await saveHistory(handle, 'certification-level-change-changed');
  });
});

test('非該当: the notice states the reason; the office that filed it gets a お知らせ that outlives the case', async () => {
  const t = today();
  const input = newApplication('na', {
    insuredNo: '0000100005',
    applicant: { kind: 'office_proxy', name: 'うきの里', officeNo: '4370100011' },
  });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(input);
    await completeDocuments(handle, t, 20, '自立');
    await boardDecides(handle, t, 'non_applicable', 0);
    expect(await handle.result()).toMatchObject({ outcome: 'non_applicable', validTo: null });
    const notice = await db('notices')
      .where({ id: `${handle.workflowId}:result` })
      .first();
    expect(notice.html).toContain('非該当');
    expect(notice.html).toContain('行政手続法第8条');
    expect((await db('insured_persons').where({ insured_no: '0000100005' }).first()).care_level).toBeNull();
    const open = (await tasks(db, handle.workflowId)).filter((x) => x.status === 'open');
    expect(open).toMatchObject([
      { id: `${handle.workflowId}:office-result`, candidate_role: 'office_staff', office_no: '4370100011' },
    ]);
    await saveHistory(handle, 'certification-non-applicable');
  });
});

test('the result お知らせ reaches the person’s plan office as well as the office that filed the 代行申請, once each', async () => {
  const t = today();
  // 豊野 キヨ: 担当 is the 包括 (4370100029) by her accepted 居宅届; うきの里 files the 区分変更 for her
  const input = newApplication('plan-office', {
    insuredNo: '0000100004',
    type: 'level_change',
    applicant: { kind: 'office_proxy', name: 'うきの里', officeNo: '4370100011' },
  });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(input);
    await completeDocuments(handle, t, 60);
    await boardDecides(handle, t, 'care_2', 12);
    expect(await handle.result()).toMatchObject({ outcome: 'certified' });
    const notices = (await tasks(db, handle.workflowId)).filter((x) => x.task_type === 'office_notice');
    expect(notices.map((x) => [x.office_no, x.task_key, x.status, x.title]).sort()).toEqual([
      ['4370100011', 'office-result', 'open', '認定結果が出ました'],
      ['4370100029', 'office-result', 'open', '認定結果が出ました'],
    ]);
  });
});

test('取下げ before the decision ends the case cleanly; withdrawing a decided case is refused', async () => {
  const t = today();
  const input = newApplication('withdraw', { insuredNo: '0000100007' });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(input);
    await act(handle, intake, { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' });
    await act(handle, intake, { kind: 'withdraw', withdrawnOn: t, reason: '入院のため' });
    expect(await handle.result()).toMatchObject({ outcome: 'withdrawn' });
    expect(await caseRow(db, handle.workflowId)).toMatchObject({
      stage: 'withdrawn',
      status: 'closed',
      outcome: 'withdrawn',
    });
    const all = await tasks(db, handle.workflowId);
    expect(all.filter((x) => x.status === 'open')).toEqual([]);
    expect(
      all
        .filter((x) => x.status === 'cancelled')
        .map((x) => x.task_type)
        .sort(),
    ).toEqual(['opinion', 'survey']);
    const desc = await handle.describe();
    expect(desc.status.name).toBe('COMPLETED');
    await saveHistory(handle, 'certification-withdrawn');

    // once decided (and notified) the case no longer accepts a withdrawal
    const h2 = await start(newApplication('withdraw-late', { insuredNo: '0000100007' }));
    await completeDocuments(h2, t, 20, '自立');
    await boardDecides(h2, t, 'non_applicable', 0);
    await h2.result();
    await expect(act(h2, intake, { kind: 'withdraw', withdrawnOn: t, reason: '不要' })).rejects.toThrow();
    expect(await events(db, h2.workflowId)).not.toContain('withdrawn');
  });
});

test('死亡 before the survey → 却下 with the reason; after the survey the case goes on to the board', async () => {
  const t = today();
  await withWorker(env, db, taskQueue, async () => {
    const early = await start(newApplication('death-early', { insuredNo: '0000100007' }));
    await act(early, intake, { kind: 'recordDeath', diedOn: t });
    expect(await early.result()).toMatchObject({ outcome: 'rejected_deceased' });
    expect(await caseRow(db, early.workflowId)).toMatchObject({
      stage: 'rejected',
      outcome: 'rejected_deceased',
      status: 'closed',
    });
    const notice = await db('notices')
      .where({ id: `${early.workflowId}:result` })
      .first();
    expect(notice.html).toContain('死亡');
    await saveHistory(early, 'certification-death-before-survey');

    const lateInput = newApplication('death-late', { insuredNo: '0000100007' });
    const late = await start(lateInput);
    await act(late, intake, { kind: 'assignSurveyor', surveyorKind: 'municipal', surveyorName: '小川 健' });
    await act(late, surveyor, { kind: 'completeSurvey', surveyedOn: t, standardMinutes: 60, dementia: 'IIa' });
    const snap = await act(late, intake, { kind: 'recordDeath', diedOn: t });
    expect(snap.outcome).toBeNull();
    await act(late, intake, { kind: 'receiveOpinion', receivedOn: t, dementia: 'IIa' });
    await boardDecides(late, t, 'care_2', 6);
    expect(await late.result()).toMatchObject({ outcome: 'certified', finalLevel: 'care_2' });
    await saveHistory(late, 'certification-death-after-survey');
  });
});

test('転出 closes the case; 却下 with a reason', async () => {
  const t = today();
  await withWorker(env, db, taskQueue, async () => {
    const moved = await start(newApplication('moved', { insuredNo: '0000100007' }));
    await act(moved, intake, { kind: 'recordMoveOut', movedOutOn: t });
    expect(await moved.result()).toMatchObject({ outcome: 'moved_out' });
    expect(await caseRow(db, moved.workflowId)).toMatchObject({ stage: 'closed', outcome: 'moved_out' });
    await saveHistory(moved, 'certification-moved-out');

    const rejected = await start(newApplication('reject', { insuredNo: '0000100007' }));
    await act(rejected, intake, { kind: 'reject', reason: '重複した申請のため' });
    expect(await rejected.result()).toMatchObject({ outcome: 'rejected' });
    const notice = await db('notices')
      .where({ id: `${rejected.workflowId}:result` })
      .first();
    expect(notice.html).toContain('重複した申請のため');
    await saveHistory(rejected, 'certification-rejected');
  });
});

test('転入者継続: continued without survey or opinion', async () => {
  const t = today();
  const input = newApplication('transfer', {
    insuredNo: '0000100005',
    type: 'transfer_in',
    movedInOn: addDays(t, -3),
    transferCertificate: { level: 'care_3' },
  });
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(input);
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'certified', finalLevel: 'care_3', validFrom: t });
    expect(await events(db, handle.workflowId)).toEqual(['received', 'decided', 'notified']);
    await saveHistory(handle, 'certification-transfer-in');
  });
});

test('the 処分 waits for the 係長 (決裁) when the insurer requires it; no 二次判定 before the board has met', async () => {
  const t = today();
  // This insurer's setting from 2000-04-01 on; removed after the test, the other cases here use the defaults.
  await db('rule_versions').insert({
    insurer_no: '432130',
    rule_set: 'certification',
    effective_from: '2000-04-02',
    rules_json: JSON.stringify({ decisionApprovalRequired: true }),
    created_at: new Date().toISOString(),
  });
  try {
    await withWorker(env, db, taskQueue, async () => {
      const handle = await start(newApplication('approval', { insuredNo: '0000100007' }));
      const wf = handle.workflowId;
      await completeDocuments(handle, t);
      await act(handle, secretariat, { kind: 'scheduleBoard', panel: '第1合議体', boardOn: addDays(t, 5) });
      const judgement = {
        kind: 'recordSecondaryJudgement',
        finalLevel: 'care_2',
        months: 6,
        careNotes: null,
        serviceTypeRestriction: null,
      } as const;
      await expect(act(handle, secretariat, judgement)).rejects.toThrow();
      expect(await events(db, wf)).not.toContain('secondary_judged');
      // the board met earlier than scheduled: the date it met is recorded
      await act(handle, secretariat, { ...judgement, boardMetOn: t });
      expect((await handle.query(certificationSnapshotQuery)).board?.metOn).toBe(t);

      const proposed = await act(handle, intake, { kind: 'decide' });
      expect(proposed).toMatchObject({ stage: 'awaiting_approval', outcome: null });
      expect(proposed.allowedActions).toContain('approveDecision');
      expect(proposed.allowedActions).not.toContain('decide');
      expect(await db('notices').where({ workflow_id: wf, kind: 'certification_result' })).toHaveLength(0);
      const approval = (await tasks(db, wf)).find((x) => x.id === `${wf}:decision-approve`);
      expect(approval).toMatchObject({ status: 'open', candidate_role: 'supervisor' });
      await expect(act(handle, intake, { kind: 'approveDecision' })).rejects.toThrow(); // only the 係長
      await act(handle, actor('supervisor'), { kind: 'approveDecision' });
      expect(await handle.result()).toMatchObject({ outcome: 'certified', finalLevel: 'care_2', validFrom: t });
      const decided = await db('case_events').where({ workflow_id: wf, event_type: 'decided' }).first();
      expect(decided.actor).toBe('kakaricho');
      expect(JSON.parse(decided.payload_json)).toMatchObject({ decidedOn: t, proposedBy: 'nintei' });
      expect(await caseRow(db, wf)).toMatchObject({ stage: 'notified', decided_on: t });
      await saveHistory(handle, 'certification-decision-approved');
    });
  } finally {
    await db('rule_versions').where({ insurer_no: '432130', effective_from: '2000-04-02' }).delete();
  }
});

test('a decision after day 30 with no 延期通知 is a 27条11項 breach: recorded on the case, the notice task closed with it', async () => {
  const t = today();
  const appliedOn = addDays(t, -40);
  await withWorker(env, db, taskQueue, async () => {
    const handle = await start(newApplication('late', { insuredNo: '0000100005', appliedOn }));
    const wf = handle.workflowId;
    // the daily check at intake finds the 延期通知 due (and overdue); nobody issues it
    await eventually(async () => (await tasks(db, wf)).find((x) => x.id === `${wf}:postponement-1`));
    await completeDocuments(handle, t);
    await boardDecides(handle, t, 'care_1', 6);
    await handle.result();
    expect(await caseRow(db, wf)).toMatchObject({ deadline_breach: 'no_postponement_notice', status: 'closed' });
    const types = await events(db, wf);
    expect(types.slice(-3)).toEqual(['decided', 'deadline_breached', 'notified']);
    const breach = await db('case_events').where({ workflow_id: wf, event_type: 'deadline_breached' }).first();
    expect(JSON.parse(breach.payload_json)).toMatchObject({
      kind: 'no_postponement_notice',
      dueOn: addDays(appliedOn, 30),
      decidedOn: t,
      openTask: 'postponement-1',
    });
    const notice = (await tasks(db, wf)).find((x) => x.id === `${wf}:postponement-1`);
    expect(notice.status).toBe('cancelled');
    await saveHistory(handle, 'certification-late-decision-breach');
  });
});

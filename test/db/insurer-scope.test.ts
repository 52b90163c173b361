/**
 * The repositories' insurer scope on SQLite and PostgreSQL: two insurers, one case, task, notice, person, consent and
 * audit row each; every by-ID lookup, claim, release and withdrawal finds the insurer's own row and not the other's.
 * (test/web/two-insurers.test.ts proves the same through the pages, on SQLite.)
 */
import type { Knex } from 'knex';
import { createRepositories, type Repositories } from '../../db';
import { databases } from './databases';

const NOW = '2026-11-25T00:00:00Z';
const INSURERS = { A: '432130', B: '439999' } as const;
type Side = keyof typeof INSURERS;

async function insurerWithData(db: Knex, side: Side, userId: number): Promise<void> {
  const insurerNo = INSURERS[side];
  const insuredNo = `000090000${side === 'A' ? 1 : 2}`;
  const workflowId = `cert-${insurerNo}-${side}1`;
  await db('insurers').insert({ insurer_no: insurerNo, name: `${side}市`, prefecture: '熊本県' });
  await db('users').insert({
    id: userId,
    login_id: `staff-${side}`,
    password_hash: 'x',
    display_name: `${side} 職員`,
    role: 'intake',
    insurer_no: insurerNo,
    active: true,
  });
  await db('insured_persons').insert({
    insured_no: insuredNo,
    insurer_no: insurerNo,
    name: `${side} 氏名`,
    kana: 'カナ',
    birth_date: '1940-01-01',
    sex: '1',
    status: 'active',
    updated_at: NOW,
  });
  await db('consents').insert({
    insured_no: insuredNo,
    granted: true,
    granted_on: '2026-01-01',
    channel: 'municipality',
  });
  await db('cases').insert({
    workflow_id: workflowId,
    case_kind: 'certification',
    insurer_no: insurerNo,
    insured_no: insuredNo,
    application_no: `${side}1`,
    stage: 'received',
    status: 'open',
    last_seq: 1,
    created_at: NOW,
    updated_at: NOW,
  });
  await db('tasks').insert(
    ['survey-assign', 'postpone-1'].map((key) => ({
      id: `${workflowId}:${key}`,
      workflow_id: workflowId,
      task_type: key.split('-')[0],
      title: key,
      candidate_role: 'intake',
      status: 'open',
      due_on: '2026-12-01',
      created_at: NOW,
    })),
  );
  await db('notices').insert({
    id: `${workflowId}:n`,
    workflow_id: workflowId,
    kind: 'k',
    title: 't',
    html: '<p></p>',
    created_at: NOW,
  });
  await db('audit_log').insert({ at: NOW, user_id: userId, login_id: `staff-${side}`, action: 'person.view' });
}

for (const [name, open] of databases('scope')) {
  describe(`insurer scope of the repositories (${name})`, () => {
    let db: Knex;
    let cleanup: () => Promise<void>;
    let repos: Repositories;
    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await insurerWithData(db, 'A', 901);
      await insurerWithData(db, 'B', 902);
      repos = createRepositories(db);
    });
    afterAll(async () => cleanup());

    const { A, B } = INSURERS;
    const caseA = `cert-${A}-A1`;

    it('by-ID lookups find only their own insurer', async () => {
      expect((await repos.cases.getCase(A, caseA))?.workflow_id).toBe(caseA);
      expect(await repos.cases.getCase(B, caseA)).toBeUndefined();
      expect((await repos.tasks.getTask(A, `${caseA}:survey-assign`))?.id).toBe(`${caseA}:survey-assign`);
      expect(await repos.tasks.getTask(B, `${caseA}:survey-assign`)).toBeUndefined();
      expect((await repos.notices.getNotice(A, `${caseA}:n`))?.id).toBe(`${caseA}:n`);
      expect(await repos.notices.getNotice(B, `${caseA}:n`)).toBeUndefined();
      expect((await repos.persons.getPerson(A, '0000900001'))?.name).toBe('A 氏名');
      expect(await repos.persons.getPerson(B, '0000900001')).toBeUndefined();
      expect(await repos.persons.currentConsent(B, '0000900001')).toBeNull();
      expect(await repos.tasks.tasksOfCase(B, caseA)).toEqual([]);
      expect(await repos.cases.caseEvents(B, caseA)).toEqual([]);
      expect(await repos.notices.noticesOfCase(B, caseA)).toEqual([]);
      expect(await repos.cases.casesOfPerson(B, '0000900001')).toEqual([]);
      expect(await repos.tasks.tasksOfCase(A, caseA)).toHaveLength(2);
    });

    it('claim, release and consent withdrawal change nothing of another insurer', async () => {
      const task = `${caseA}:survey-assign`;
      expect(await repos.tasks.claimTask(B, task, 902)).toBe(false);
      expect(await repos.tasks.claimTask(A, task, 901)).toBe(true);
      expect(await repos.tasks.releaseTask(B, task, null)).toBe(false);
      expect((await db('tasks').where({ id: task }).first()).assignee_user_id).toBe(901);
      expect(await repos.tasks.releaseTask(A, task, 901)).toBe(true);
      expect(await repos.persons.revokeConsent(B, '0000900001', '2026-11-25')).toBe(false);
      expect((await db('consents').where({ insured_no: '0000900001' }).first()).revoked_on).toBeNull();
      expect(await repos.persons.revokeConsent(A, '0000900001', '2026-11-25')).toBe(true);
    });

    it('lists, counts and the audit log count only their own insurer', async () => {
      const scope = { insurerNo: B, candidateRole: 'intake', userId: 902 };
      const inbox = await repos.tasks.listInbox({ ...scope, tab: 'all' });
      expect(inbox.rows.map((r) => r.workflow_id)).toEqual([`cert-${B}-B1`, `cert-${B}-B1`]);
      expect((await repos.tasks.inboxCounts(scope)).all.n).toBe(2);
      expect(await repos.dashboard.pendingPostponementCount(A)).toBe(1);
      expect(await repos.dashboard.pendingPostponementCount(B)).toBe(1);
      const audit = await repos.audit.listAudit({ insurerNo: B });
      expect(audit.rows.map((r) => r.login_id)).toEqual(['staff-B']);
      expect(audit.total).toBe(1);
    });

    it("the audit log's person filter finds the person's views and their cases' actions, of its insurer only", async () => {
      await db('audit_log').insert([
        { at: NOW, login_id: 'staff-A', action: 'case.withdraw', target: `case:${caseA}` },
        { at: NOW, login_id: 'staff-A', action: 'person.view', target: 'person:0000900001' },
        { at: NOW, login_id: 'staff-A', action: 'person.view', target: 'person:0000900002' },
        { at: NOW, login_id: 'staff-B', action: 'person.view', target: 'person:0000900001' },
      ]);
      const targets = async (insurerNo: string) =>
        (await repos.audit.exportAudit({ insurerNo, insuredNo: '0000900001' }, 10)).map((r) => r.target).sort();
      expect(await targets(A)).toEqual([`case:${caseA}`, 'person:0000900001']);
      // B lists its own staff's view of the number, never A's rows.
      expect(await targets(B)).toEqual(['person:0000900001']);
      const page = await repos.audit.listAudit({ insurerNo: A, insuredNo: '0000900001', action: 'case.withdraw' });
      expect(page.rows.map((r) => r.target)).toEqual([`case:${caseA}`]);
      expect(page.total).toBe(1);
    });
  });
}

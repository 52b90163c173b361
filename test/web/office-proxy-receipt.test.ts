/**
 * Issue 15: an accepted 代行申請 for a person the office may not see answers the 申請番号 only — no intake notes (they
 * would tell whether the person is certified), and the case page shows the receipt, nothing of the person.
 */
import type { Knex } from 'knex';
import { addDays } from '../../domain/dates';
import { appOf, csrfOf, insertCase, loginAs, tempDb, TODAY } from './helpers';
import { buildWorld, worldServices } from './hostile/fixtures';

const FORM = {
  appliedOn: TODAY,
  applicantName: '宇土 明美',
  identityCheckMethod: 'マイナンバーカード',
  doctorName: '宇土 医師',
  doctorClinic: '宇城クリニック',
  residenceKind: 'home',
  consentGiven: 'yes',
  consentDate: TODAY,
};

describe('代行申請 accepted for a person the office may not see', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await buildWorld(db);
    app = appOf(worldServices(db));
  });
  afterAll(async () => cleanup());

  /** The case as the workflow's first step writes it (no worker here). */
  async function written(workflowId: string, insuredNo: string, applicationNo: string, officeNo: string | null) {
    await insertCase(db, {
      workflowId,
      insuredNo,
      applicationNo,
      appliedOn: TODAY,
      dueOn: addDays(TODAY, 30),
      type: 'new',
      filedByOfficeNo: officeNo,
    });
  }

  async function file(login: string, fields: Record<string, string>) {
    const o = await loginAs(app, login);
    const page = await o.get('/office/applications/new').expect(200);
    const res = await o
      .post('/office/applications/new')
      .type('form')
      .send({ ...FORM, ...fields, _csrf: csrfOf(page.text) })
      .expect(302);
    const workflowId = decodeURIComponent(String(res.headers.location).split('/').pop()!);
    await written(workflowId, fields.insuredNo, fields.applicationNo, '4370100011');
    const next = await o.get(res.headers.location).expect(200);
    return { location: res.headers.location as string, page: next.text };
  }

  it('answers the 申請番号 only: no note that the person has no valid certification, no name, no progress', async () => {
    // 0000100005 三角 正男: no certification, no office; a 更新 request is classified 新規 with a note
    const { location, page } = await file('ukinosato', {
      insuredNo: '0000100005',
      requestedType: 'renewal',
      applicationNo: 'R-1',
    });
    expect(location).toBe('/office/cases/cert-432130-R-1');
    expect(page).toContain('申請を受け付けました。申請番号 R-1');
    expect(page).not.toContain('有効な認定がないため');
    expect(page).not.toMatch(/新規申請として|三角 正男|ミスミ|申請区分|調査実施日|決定日/);
    expect(page).toContain('申請番号');
  });

  it('the city counter filing the same kind of request is told the note (the check can fail)', async () => {
    const a = await loginAs(app, 'nintei');
    const form = await a.get('/applications/new').expect(200);
    const res = await a
      .post('/applications/new')
      .type('form')
      .send({
        ...FORM,
        applicantKind: 'family',
        consentChannel: 'municipality',
        insuredNo: '0000100005',
        requestedType: 'renewal',
        applicationNo: 'R-2',
        _csrf: csrfOf(form.text),
      })
      .expect(302);
    await written('cert-432130-R-2', '0000100005', 'R-2', null);
    const next = await a.get(res.headers.location).expect(200);
    expect(next.text).toContain('有効な認定がないため新規申請として受け付けます');
  });
});

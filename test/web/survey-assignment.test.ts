import type { Knex } from 'knex';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

/** 認定調査員の割当 (issue 18): the picker lists the insurer's own surveyors and contractable offices; picks are checked. */
describe('survey assignment picker', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const performed: { workflowId: string; action: Record<string, unknown> }[] = [];
  const assignTask = {
    key: 'survey-assign',
    type: 'survey',
    title: '認定調査員の割当',
    candidateRole: 'intake',
    dueOn: '2026-11-30',
  };

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await insertCase(db, {
      workflowId: 'cert-432130-R1',
      insuredNo: '0000100001',
      appliedOn: '2026-11-20',
      dueOn: '2026-12-21',
      type: 'renewal',
      tasks: [assignTask],
    });
    await insertCase(db, {
      workflowId: 'cert-432130-N1',
      insuredNo: '0000100002',
      appliedOn: '2026-11-20',
      dueOn: '2026-12-21',
      type: 'new',
      tasks: [assignTask],
    });
    const certification = {
      perform: async (workflowId: string, action: Record<string, unknown>) => {
        performed.push({ workflowId, action });
        return {};
      },
      snapshot: async () => {
        throw new Error('no worker');
      },
    };
    app = appOf(servicesWith(db, { certification }));
  });
  afterAll(async () => cleanup());

  const post = async (workflowId: string, body: Record<string, string>) => {
    const a = await loginAs(app, 'nintei');
    const page = await a.get(`/cases/${workflowId}`).expect(200);
    const requestId = /actions\/assignSurveyor"[\s\S]*?name="requestId" value="([^"]+)"/.exec(page.text)![1];
    const res = await a
      .post(`/cases/${workflowId}/actions/assignSurveyor`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), requestId, ...body })
      .expect((r) => expect([302, 303]).toContain(r.status));
    const back = await a.get(`/cases/${workflowId}`).expect(200);
    return { res, back: back.text };
  };

  it('lists the insurer’s surveyors and, for a 更新, its contractable offices (not the hospital, not another insurer’s)', async () => {
    const a = await loginAs(app, 'nintei');
    // the survey picker's form only (the 暫定利用 form lists the register's care offices too)
    const picker = (html: string) => /actions\/assignSurveyor"[\s\S]*?<\/form>/.exec(html)![0];
    const page = picker((await a.get('/cases/cert-432130-R1').expect(200)).text);
    expect(page).toContain('<option value="chosa">小川 健（chosa）</option>');
    expect(page).not.toContain('<option value="nintei">');
    expect(page).toContain('<option value="4370100011">居宅介護支援事業所 うきの里（4370100011）</option>');
    expect(page).toContain('<option value="4370100045">');
    expect(page).not.toContain('<option value="4310100019">'); // 医療機関
    expect(page).not.toContain('<option value="4398800011">'); // another insurer's office
    expect(page).not.toContain('name="surveyorName"'); // no free text any more
    const newCase = picker((await a.get('/cases/cert-432130-N1').expect(200)).text);
    expect(newCase).toContain('<option value="chosa">');
    expect(newCase).not.toContain('<option value="4370100011">');
  });

  it('a picked account goes to the case with its name and login (the task reaches that inbox)', async () => {
    const { res } = await post('cert-432130-R1', { surveyorKind: 'municipal', surveyorLoginId: 'chosa' });
    expect(res.headers.location).toBe('/cases/cert-432130-R1');
    expect(performed.at(-1)).toEqual({
      workflowId: 'cert-432130-R1',
      action: {
        kind: 'assignSurveyor',
        surveyorKind: 'municipal',
        surveyorName: '小川 健',
        surveyorLoginId: 'chosa',
        officeNo: null,
      },
    });
  });

  it('a contracted office of the register for a 更新 goes to the case with the office’s name', async () => {
    await post('cert-432130-R1', { surveyorKind: 'office', officeNo: '4370100011' });
    expect(performed.at(-1)!.action).toMatchObject({
      surveyorKind: 'office',
      surveyorName: '居宅介護支援事業所 うきの里',
      officeNo: '4370100011',
      surveyorLoginId: null,
    });
  });

  it('refuses a non-surveyor account, another insurer’s office, a hospital and 委託 of a 新規 survey, with messages', async () => {
    const before = performed.length;
    const cases: [string, Record<string, string>, string][] = [
      [
        'cert-432130-R1',
        { surveyorKind: 'municipal', surveyorLoginId: 'nintei' },
        '認定調査員は一覧（この保険者の認定調査員のアカウント）から選んでください',
      ],
      [
        'cert-432130-R1',
        { surveyorKind: 'municipal', surveyorLoginId: 'demomachi' },
        '認定調査員は一覧（この保険者の認定調査員のアカウント）から選んでください',
      ],
      [
        'cert-432130-R1',
        { surveyorKind: 'office', officeNo: '4398800011' },
        '委託先は一覧（事業所台帳の居宅介護支援事業所・介護保険施設等）から選んでください',
      ],
      [
        'cert-432130-R1',
        { surveyorKind: 'office', officeNo: '4310100019' },
        '委託先は一覧（事業所台帳の居宅介護支援事業所・介護保険施設等）から選んでください',
      ],
      [
        'cert-432130-N1',
        { surveyorKind: 'office', officeNo: '4370100011' },
        '新規の認定調査は事業所に委託できません（委託できるのは更新・区分変更の調査です）',
      ],
      ['cert-432130-R1', { surveyorKind: 'municipal' }, '認定調査員を選んでください'],
    ];
    for (const [workflowId, body, message] of cases) {
      const { back } = await post(workflowId, body);
      expect(back).toContain(message);
    }
    expect(performed.length).toBe(before);
  });

  it('another insurer’s staff cannot assign on this insurer’s case', async () => {
    const other = await loginAs(app, 'demomachi');
    await other.get('/cases/cert-432130-R1').expect((r) => expect([403, 404]).toContain(r.status));
  });
});

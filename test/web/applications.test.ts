import type { Knex } from 'knex';
import { ValidationError } from '../../web/errors';
import { appOf, csrfOf, loginAs, servicesWith, tempDb } from './helpers';

/** 認定申請受付 (municipal) and 代行申請 (office) forms, with a fake CertificationService. */
describe('application forms', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const received: { input: Record<string, unknown>; actor: { loginId: string } }[] = [];
  /** the order of service calls: the redirect must come after the case is listed */
  const calls: string[] = [];

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    const certification = {
      receiveApplication: async (input: Record<string, unknown>, actor: { loginId: string }) => {
        if (input.insuredNo === '0000100006')
          throw new ValidationError([{ field: 'requestedType', message: '有効な認定があるため新規申請はできません' }]);
        received.push({ input, actor });
        calls.push(`receive ${String(input.applicationNo)}`);
        return {
          workflowId: `cert-432130-${String(input.applicationNo)}`,
          applicationNo: input.applicationNo,
          type: 'new',
          notes: ['有効期間満了日を過ぎているため新規申請として受け付けます（空白期間 3 日）'],
        };
      },
      untilListed: async (workflowId: string) => {
        await new Promise((r) => setTimeout(r, 20));
        calls.push(`listed ${workflowId}`);
        return true;
      },
    };
    app = appOf(servicesWith(db, { certification }));
  });
  afterAll(async () => cleanup());

  const valid = {
    insuredNo: '0000100003',
    requestedType: 'new',
    appliedOn: '2026-11-25',
    applicantKind: 'family',
    applicantName: '小川 花子',
    identityCheckMethod: 'マイナンバーカード',
    doctorName: '宇土 医師',
    doctorClinic: '宇城クリニック',
    residenceKind: 'home',
    consentGiven: 'yes',
    consentDate: '2026-11-25',
    consentChannel: 'municipality',
  };

  it('empty input comes back to the form (post/redirect/get) with a linked Japanese message for each required field', async () => {
    const a = await loginAs(app, 'nintei');
    const page = await a.get('/applications/new').expect(200);
    const posted = await a
      .post('/applications/new')
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(posted.headers.location).toBe('/applications/new');
    const res = await a.get('/applications/new').expect(200);
    for (const [field, message] of [
      ['applicationNo', '受付番号を入力してください'],
      ['insuredNo', '被保険者番号を入力してください'],
      ['requestedType', '申請区分を選んでください'],
      ['appliedOn', '申請日を入力してください'],
      ['applicantKind', '申請者の区分を選んでください'],
      ['applicantName', '申請者の氏名を入力してください'],
      ['identityCheckMethod', '本人確認の方法を選んでください'],
      ['doctorName', '主治医の氏名を入力してください'],
      ['residenceKind', '居所を選んでください'],
      ['consentGiven', '介護情報基盤への提供の同意（する・しない）を選んでください'],
    ]) {
      expect(res.text).toContain(`<a href="#${field}">${message}</a>`);
    }
    expect(received).toHaveLength(0);
  });

  it('offers the registered 医療機関 with a doctor account for the 主治医, and a name for any other clinic', async () => {
    const page = await (await loginAs(app, 'nintei')).get('/applications/new').expect(200);
    expect(page.text).toMatch(/<select id="doctorInstitutionNo" name="doctorInstitutionNo"/);
    expect(page.text).toMatch(/<option value="\d{10}">宇城ひかり病院（\d{10}）<\/option>/);
    expect(page.text).toContain('id="doctorClinic"');
    const office = await (await loginAs(app, 'ukinosato')).get('/office/applications/new').expect(200);
    expect(office.text).toContain('宇城ひかり病院（');
  });

  it('an opinion the applicant brought is ticked at intake: the case is started without a 意見書依頼', async () => {
    const a = await loginAs(app, 'nintei');
    const page = await a.get('/applications/new').expect(200);
    expect(page.text).toContain('name="opinionBrought"');
    await a
      .post('/applications/new')
      .type('form')
      .send({ ...valid, _csrf: csrfOf(page.text), applicationNo: 'OB-1', opinionBrought: 'on' })
      .expect(302);
    expect(received.at(-1)!.input).toMatchObject({ applicationNo: 'OB-1', opinionBroughtAtIntake: true });
    const again = await a.get('/applications/new').expect(200);
    await a
      .post('/applications/new')
      .type('form')
      .send({ ...valid, _csrf: csrfOf(again.text), applicationNo: 'OB-2' })
      .expect(302);
    expect(received.at(-1)!.input).not.toHaveProperty('opinionBroughtAtIntake');
  });

  it('cross-field rules: 代行 needs the office number, 区分変更 a reason; values are kept and escaped', async () => {
    const a = await loginAs(app, 'nintei');
    const page = await a.get('/applications/new');
    const posted = await a
      .post('/applications/new')
      .type('form')
      .send({
        ...valid,
        _csrf: csrfOf(page.text),
        applicationNo: 'X-1',
        requestedType: 'level_change',
        applicantKind: 'office_proxy',
        applicantName: '<script>alert(1)</script>',
      })
      .expect(303);
    expect(posted.headers.location).toBe('/applications/new');
    const res = await a.get('/applications/new').expect(200);
    expect(res.text).toContain('代行の場合は事業所番号を入力してください');
    expect(res.text).toContain('区分変更の申請理由を入力してください');
    expect(res.text).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(res.text).not.toContain('<script>alert(1)</script>');
  });

  it("the service's own errors land on the right field", async () => {
    const a = await loginAs(app, 'nintei');
    const page = await a.get('/applications/new');
    const posted = await a
      .post('/applications/new')
      .type('form')
      .send({ ...valid, _csrf: csrfOf(page.text), applicationNo: 'X-2', insuredNo: '0000100006' })
      .expect(303);
    expect(posted.headers.location).toBe('/applications/new');
    const res = await a.get('/applications/new').expect(200);
    expect(res.text).toContain('<a href="#requestedType">有効な認定があるため新規申請はできません</a>');
  });

  it('success redirects to the case with the intake notes as a flash message', async () => {
    const a = await loginAs(app, 'nintei');
    const page = await a.get('/applications/new');
    const applicationNo = /id="applicationNo" name="applicationNo" value="([^"]+)"/.exec(page.text)![1];
    const res = await a
      .post('/applications/new')
      .type('form')
      .send({ ...valid, _csrf: csrfOf(page.text), applicationNo })
      .expect(302);
    expect(res.headers.location).toBe(`/cases/cert-432130-${applicationNo}`);
    // the case page reads the read model: the redirect waits until the new case is listed there
    expect(calls.slice(-2)).toEqual([`receive ${applicationNo}`, `listed cert-432130-${applicationNo}`]);
    const input = received.at(-1)!.input;
    expect(input).toMatchObject({
      insurerNo: '432130',
      type: 'new',
      applicant: { kind: 'family', name: '小川 花子', officeNo: null },
      doctor: { name: '宇土 医師', clinic: '宇城クリニック' },
      consent: { granted: true, date: '2026-11-25', obtainedBy: 'municipality' },
    });
    const next = await a.get('/cases').expect(200);
    expect(next.text).toContain('空白期間 3 日');
  });

  it('an office files as 代行 with its own office number whatever the form says', async () => {
    const o = await loginAs(app, 'ukinosato');
    const page = await o.get('/office/applications/new').expect(200);
    expect(page.text).toContain('4370100011');
    const res = await o
      .post('/office/applications/new')
      .type('form')
      .send({
        ...valid,
        _csrf: csrfOf(page.text),
        applicationNo: 'O-1',
        applicantKind: 'self',
        applicantOfficeNo: '4370100037',
        consentChannel: 'office_proxy',
      })
      .expect(302);
    expect(res.headers.location).toBe('/office/cases/cert-432130-O-1');
    expect(received.at(-1)!.input).toMatchObject({
      applicant: { kind: 'office_proxy', officeNo: '4370100011' },
      consent: { obtainedBy: 'office_proxy', officeNo: '4370100011' },
    });
  });
});

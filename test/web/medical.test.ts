/**
 * Issue 15 (Medical institutions) and issue 17 (主治医意見書 online): a 医療機関 account sees a person only through a
 * 意見書依頼 sent to it; then the 被保険者証's level data, and the 負担割合証・負担限度額認定証 only when it also provides
 * care services. Another hospital, a person never requested and an unknown number all answer the same 404.
 */
import type { Knex } from 'knex';
import { recordProgress } from '../../db/read-model';
import { opinionFormOn } from '../../domain/documents/opinion-form';
import { completeOpinion } from '../support/documents';
import { appOf, csrfOf, insertCase, loginAs, servicesWith, tempDb, TODAY } from './helpers';

const HOSPITAL = '4310100019'; // 宇城ひかり病院 (demo, login ishi)
const OTHER = '4310100027';
const REQUESTED = '0000100001';
const NEVER = '0000100002';

/** A case of `insuredNo` whose 意見書依頼 (seq 2) names `clinic`. */
async function requestedCase(db: Knex, workflowId: string, insuredNo: string, clinic: string) {
  await insertCase(db, { workflowId, insuredNo, appliedOn: TODAY, dueOn: '2026-12-25' });
  await recordProgress(db, {
    workflowId,
    seq: 2,
    occurredAt: `${TODAY}T01:00:01.000Z`,
    case: { stage: 'investigating', summary: { opinionRequestedOn: TODAY } },
    event: { type: 'opinion_requested', actor: 'system', payload: { doctor: { name: '郡浦 医師', clinic } } },
  });
}

describe('医療機関: scope and the online opinion', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  let requestId: number;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(servicesWith(db));
    const insurer_no = '432130';
    await db('offices').insert({ office_no: OTHER, insurer_no, name: '松橋診療所', kind: 'medical_institution' });
    await db('office_service_types').insert({ office_no: OTHER, service_type: 'medical_institution' });
    const { password_hash } = await db('users').where({ login_id: 'ishi' }).first('password_hash');
    await db('users').insert({
      login_id: 'matsu-ishi',
      display_name: '松橋 医師',
      role: 'doctor',
      office_no: OTHER,
      office_admin: true,
      insurer_no,
      password_hash,
      active: true,
    });
    await requestedCase(db, 'cert-432130-M-1', REQUESTED, '宇城ひかり病院');
    requestId = (await db('opinion_requests').where({ workflow_id: 'cert-432130-M-1' }).first('id')).id;
  });
  afterAll(async () => cleanup());

  it('routes the 意見書依頼 to the registered institution named on the application', async () => {
    const row = await db('opinion_requests').where({ id: requestId }).first();
    expect(row).toMatchObject({ institution_no: HOSPITAL, insured_no: REQUESTED, status: 'requested' });
  });

  it('the hospital sees the 被保険者証 level data of a person it was sent a request for, audited', async () => {
    const doctor = await loginAs(app, 'ishi');
    const res = await doctor.get(`/medical/persons/${REQUESTED}`).expect(200);
    expect(res.text).toContain('宇城 太郎');
    expect(res.text).toContain('要介護2');
    // a hospital that provides no care service: no 負担割合証 / 負担限度額認定証
    expect(res.text).not.toContain('負担割合');
    expect(res.text).not.toContain('負担限度額');
    const audit = await db('audit_log').where({ action: 'person.view', target: `person:${REQUESTED}` });
    expect(audit.length).toBeGreaterThan(0);
  });

  it('one answer (404) for a person never requested, an unknown number and another hospital', async () => {
    const doctor = await loginAs(app, 'ishi');
    const never = await doctor.get(`/medical/persons/${NEVER}`).expect(404);
    const unknown = await doctor.get('/medical/persons/0000199999').expect(404);
    const other = await loginAs(app, 'matsu-ishi');
    const theirs = await other.get(`/medical/persons/${REQUESTED}`).expect(404);
    const bodyOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
    expect(bodyOf(never.text)).toBe(bodyOf(unknown.text));
    expect(bodyOf(theirs.text)).toBe(bodyOf(unknown.text));
    expect(theirs.text).not.toContain('宇城 太郎');
    const denied = await db('audit_log').where({ action: 'person.view.denied' });
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('another hospital neither lists nor opens the request', async () => {
    const other = await loginAs(app, 'matsu-ishi');
    const inbox = await other.get('/medical').expect(200);
    expect(inbox.text).not.toContain('宇城 太郎');
    await other.get(`/medical/requests/${requestId}`).expect(404);
    await other.get('/medical/requests/999999').expect(404);
    const page = await other.get('/medical').expect(200);
    await other
      .post(`/medical/requests/${requestId}`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), intent: 'draft', diagnosis1: '誤送信' })
      .expect(404);
  });

  it('a hospital that also provides care services sees the 負担割合証 and 負担限度額認定証', async () => {
    await db('office_service_types').insert({ office_no: HOSPITAL, service_type: 'home_visit_day_short' });
    try {
      const doctor = await loginAs(app, 'ishi');
      const res = await doctor.get(`/medical/persons/${REQUESTED}`).expect(200);
      expect(res.text).toContain('負担割合');
      expect(res.text).toContain('負担限度額');
    } finally {
      await db('office_service_types').where({ office_no: HOSPITAL, service_type: 'home_visit_day_short' }).delete();
    }
  });

  it('care offices and municipal staff cannot use the medical pages', async () => {
    await (await loginAs(app, 'ukinosato')).get('/medical').expect(403);
    await (await loginAs(app, 'nintei')).get(`/medical/persons/${REQUESTED}`).expect(403);
  });

  it('the doctor lists the request, saves a draft, is told what is missing, and submits', async () => {
    const doctor = await loginAs(app, 'ishi');
    const inbox = await doctor.get('/medical').expect(200);
    expect(inbox.text).toContain(`/medical/requests/${requestId}`);
    const page = await doctor.get(`/medical/requests/${requestId}`).expect(200);
    // the form in force on the request date (2026-11-25): no consent box since 2026-04-01
    expect(page.text).toContain('令和8年4月改正様式');
    expect(page.text).not.toContain('介護サービス計画作成等への利用');
    // a new opinion starts with the doctor and institution the 申請書 named
    expect(page.text).toContain('>宇城ひかり病院</textarea>');
    const csrf = csrfOf(page.text);
    const draft = await doctor
      .post(`/medical/requests/${requestId}`)
      .type('form')
      .send({ _csrf: csrf, intent: 'draft', diagnosis1: 'アルツハイマー型認知症' })
      .expect(303);
    expect(draft.headers.location).toBe(`/medical/requests/${requestId}?saved=draft`);
    const incomplete = await doctor
      .post(`/medical/requests/${requestId}`)
      .type('form')
      .send({ _csrf: csrf, intent: 'submit', diagnosis1: 'アルツハイマー型認知症' })
      .expect(303);
    const back = await doctor.get(incomplete.headers.location).expect(200);
    expect(back.text).toContain('最終診察日を入力してください');
    expect(back.text).toContain('アルツハイマー型認知症');
    // JSON clients get 400 with the messages
    const json = await doctor
      .post(`/medical/requests/${requestId}`)
      .set('accept', 'application/json')
      .send({ _csrf: csrf, intent: 'submit', height: 'たかい' })
      .expect(400);
    expect(JSON.stringify(json.body)).toContain('身長を数字で入力してください');

    const values = completeOpinion(opinionFormOn(TODAY)!);
    await doctor
      .post(`/medical/requests/${requestId}`)
      .type('form')
      .send({ _csrf: csrf, intent: 'submit', ...values.items })
      .expect(303);
    const req = await db('opinion_requests').where({ id: requestId }).first();
    expect(req.status).toBe('submitted');
    const doc = await db('case_documents').where({ workflow_id: 'cert-432130-M-1', doc_kind: 'opinion' }).first();
    expect(doc).toMatchObject({ status: 'completed', source: 'online', form_version: '2026' });
    expect(await db('audit_log').where({ action: 'opinion.submit' })).toHaveLength(1);
    // submitted: read only
    const after = await doctor.get(`/medical/requests/${requestId}`).expect(200);
    expect(after.text).not.toContain('提出する</button>');
    await doctor
      .post(`/medical/requests/${requestId}`)
      .type('form')
      .send({ _csrf: csrf, intent: 'draft', diagnosis1: '上書き' })
      .expect(409);
  });
});

describe('認定係: /cases/:id/opinion', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const performed: { workflowId: string; action: Record<string, unknown>; requestId: string }[] = [];
  const ONLINE = 'cert-432130-M-2';
  const PAPER = 'cert-432130-M-3';

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    app = appOf(
      servicesWith(db, {
        certification: {
          snapshot: async () => ({ today: TODAY }),
          perform: async (workflowId: string, action: Record<string, unknown>, _a: unknown, requestId: string) => {
            performed.push({ workflowId, action, requestId });
            return { seq: 9, stage: 'investigating', outcome: null, allowedActions: [] };
          },
        },
      }),
    );
    await requestedCase(db, ONLINE, REQUESTED, '宇城ひかり病院');
    await requestedCase(db, PAPER, NEVER, '宇城中央クリニック');
  });
  afterAll(async () => cleanup());

  async function submitOnline() {
    const id = (await db('opinion_requests').where({ workflow_id: ONLINE }).first('id')).id;
    const doctor = await loginAs(app, 'ishi');
    const page = await doctor.get(`/medical/requests/${id}`).expect(200);
    const values = completeOpinion(opinionFormOn(TODAY)!);
    await doctor
      .post(`/medical/requests/${id}`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), intent: 'submit', ...values.items })
      .expect(303);
    return { id, doctor };
  }

  it('returns the submitted opinion with a reason; the doctor sees it and submits again', async () => {
    const { id, doctor } = await submitOnline();
    const nintei = await loginAs(app, 'nintei');
    const page = await nintei.get(`/cases/${ONLINE}/opinion`).expect(200);
    expect(page.text).toContain('アルツハイマー型認知症');
    expect(page.text).toContain('医療機関から電子提出');
    expect(page.text).toContain('令和8年11月18日'); // 記入日 in 和暦
    const empty = await nintei
      .post(`/cases/${ONLINE}/opinion/return`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect((await nintei.get(empty.headers.location).expect(200)).text).toContain('差し戻しの理由を入力してください');
    await nintei
      .post(`/cases/${ONLINE}/opinion/return`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), reason: '最終診察日をご確認ください' })
      .expect(303);
    const back = await doctor.get(`/medical/requests/${id}`).expect(200);
    expect(back.text).toContain('市から差し戻されました');
    expect(back.text).toContain('最終診察日をご確認ください');
    expect(back.text).toContain('提出する</button>');
    const inbox = await doctor.get('/medical').expect(200);
    expect(inbox.text).toContain('差し戻し');
    await doctor
      .post(`/medical/requests/${id}`)
      .type('form')
      .send({ _csrf: csrfOf(back.text), intent: 'submit', ...completeOpinion(opinionFormOn(TODAY)!).items })
      .expect(303);
    expect((await db('opinion_requests').where({ id }).first()).status).toBe('submitted');
  });

  it("the check is the receiveOpinion Update with the page's request ID and the opinion's 自立度", async () => {
    const nintei = await loginAs(app, 'nintei');
    const page = await nintei.get(`/cases/${ONLINE}/opinion`).expect(200);
    const requestId = /name="requestId" value="([^"]+)"/.exec(page.text)![1];
    await nintei
      .post(`/cases/${ONLINE}/opinion/check`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), requestId })
      .expect(303);
    expect(performed.at(-1)).toEqual({
      workflowId: ONLINE,
      requestId,
      action: { kind: 'receiveOpinion', receivedOn: TODAY, dementia: 'IIa' },
    });
    expect(await db('audit_log').where({ action: 'opinion.check', target: `case:${ONLINE}` })).toHaveLength(1);
  });

  it('a paper opinion is keyed in on the same page, with Japanese messages for what is missing', async () => {
    const nintei = await loginAs(app, 'nintei');
    const page = await nintei.get(`/cases/${PAPER}/opinion`).expect(200);
    expect(page.text).toContain('未登録の医療機関');
    expect(page.text).toContain('紙の意見書を入力する');
    expect(page.text).not.toContain('確認（受領）</button>');
    const missing = await nintei
      .post(`/cases/${PAPER}/opinion`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), intent: 'complete', diagnosis1: '脳梗塞後遺症' })
      .expect(303);
    const back = await nintei.get(missing.headers.location).expect(200);
    expect(back.text).toContain('最終診察日を入力してください');
    expect(back.text).toContain('脳梗塞後遺症');
    await nintei
      .post(`/cases/${PAPER}/opinion`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), intent: 'complete', ...completeOpinion(opinionFormOn(TODAY)!).items })
      .expect(303);
    const done = await nintei.get(`/cases/${PAPER}/opinion`).expect(200);
    expect(done.text).toContain('紙の意見書を入力');
    expect(done.text).toContain('確認（受領）</button>');
    const doc = await db('case_documents').where({ workflow_id: PAPER, doc_kind: 'opinion' }).first();
    expect(doc).toMatchObject({ source: 'paper', status: 'completed' });
  });

  it("roles without the medical permission do not see the opinion; another insurer's case is not found", async () => {
    await (await loginAs(app, 'kyufu')).get(`/cases/${ONLINE}/opinion`).expect(403);
    await (await loginAs(app, 'chosa')).get(`/cases/${ONLINE}/opinion`).expect(403);
    await (await loginAs(app, 'ishi')).get(`/cases/${ONLINE}/opinion`).expect(403);
    await (await loginAs(app, 'nintei')).get('/cases/cert-999999-X/opinion').expect(404);
  });
});

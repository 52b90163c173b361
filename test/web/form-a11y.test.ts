import type { Knex } from 'knex';
import { appOf, csrfOf, loginAs, servicesWith, tempDb } from './helpers';

/** Issue 21 points 3 and 9 on the 認定申請 form: fields tied to their hints and errors, and 和暦 date input. */
describe('accessible form fields and 和暦 dates', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  const received: Record<string, unknown>[] = [];

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    const certification = {
      receiveApplication: async (input: Record<string, unknown>) => {
        received.push(input);
        return {
          workflowId: `cert-432130-${String(input.applicationNo)}`,
          applicationNo: input.applicationNo,
          type: 'new',
          notes: [],
        };
      },
      untilListed: async () => true,
    };
    app = appOf(servicesWith(db, { certification }));
  });
  afterAll(async () => cleanup());

  const tagOf = (html: string, id: string) =>
    new RegExp(`<(?:input|select|textarea)[^>]* id="${id}"[^>]*>`).exec(html)?.[0];

  it('after an empty post every summary link names a real control, in error, described by its error', async () => {
    const a = await loginAs(app, 'nintei');
    const page = await a.get('/applications/new').expect(200);
    const posted = await a
      .post('/applications/new')
      .type('form')
      .send({ _csrf: csrfOf(page.text), applicationNo: '' })
      .expect(303);
    // post/redirect/get: the form comes back with its errors on the page the redirect names
    const res = await a.get(posted.headers.location).expect(200);
    const links = [...res.text.matchAll(/<li><a href="#([^"]+)">/g)].map((m) => m[1]);
    expect(links).toEqual(expect.arrayContaining(['insuredNo', 'appliedOn', 'consentGiven', 'residenceKind']));
    for (const id of links) {
      const tag = tagOf(res.text, id);
      expect({ id, tag }).toEqual({ id, tag: expect.stringContaining('aria-invalid="true"') });
      // a radio group's fieldset carries the description; every other control its own
      const described = tag!.includes('type="radio"') ? res.text : tag;
      expect(described).toMatch(new RegExp(`aria-describedby="[^"]*${id}-error`));
      expect(res.text).toContain(`id="${id}-error"`);
    }
    // a field not in error is neither invalid nor tied to an error
    expect(tagOf(res.text, 'doctorPhone')).not.toContain('aria-invalid');
  });

  it('hints are tied to their fields, required radio groups have a legend with 必須, and dates are text inputs', async () => {
    const a = await loginAs(app, 'nintei');
    const html = (await a.get('/applications/new').expect(200)).text;
    expect(tagOf(html, 'insuredNo')).toContain('aria-describedby="insuredNo-hint"');
    expect(html).toMatch(
      /<fieldset class="field field--group"[^>]*>\s*<legend>同意 <span class="required">必須<\/span><\/legend>/,
    );
    const date = tagOf(html, 'appliedOn')!;
    expect(date).toContain('type="text"');
    expect(date).toContain('appliedOn-format appliedOn-wareki');
    expect(html).not.toContain('type="date"');
  });

  it('accepts R8.12.4 and 令和8年12月4日, turns them into ISO dates, and shows the 和暦 of a kept value', async () => {
    const a = await loginAs(app, 'nintei');
    const page = await a.get('/applications/new').expect(200);
    const applicationNo = /id="applicationNo" name="applicationNo" value="([^"]+)"/.exec(page.text)![1];
    await a
      .post('/applications/new')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        applicationNo,
        insuredNo: '0000100003',
        requestedType: 'new',
        appliedOn: 'R8.12.4',
        applicantKind: 'family',
        applicantName: '小川 花子',
        identityCheckMethod: 'マイナンバーカード',
        doctorName: '宇土 医師',
        doctorClinic: '宇城クリニック',
        residenceKind: 'home',
        consentGiven: 'yes',
        consentDate: '令和8年12月4日',
        consentChannel: 'municipality',
      })
      .expect(302);
    expect(received.at(-1)).toMatchObject({ appliedOn: '2026-12-04', consent: { date: '2026-12-04' } });

    const again = await a.get('/applications/new').expect(200);
    const rejected = await a
      .post('/applications/new')
      .type('form')
      .send({ _csrf: csrfOf(again.text), appliedOn: 'R8.12.4', movedInOn: '令和8年2月30日' })
      .expect(303);
    const res = await a.get(rejected.headers.location).expect(200);
    expect(res.text).toMatch(/<output id="appliedOn-wareki"[^>]*>令和8年12月4日<\/output>/);
    expect(res.text).toContain('転入日を正しい日付（例 令和8年11月25日、R8.11.25）で入力してください');
    expect(res.text).not.toContain('例 2026-11-25');
  });
});

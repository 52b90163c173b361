import type { Knex } from 'knex';
import { appOf, insertCase, loginAs, servicesWith, tempDb } from './helpers';

/**
 * Issue 18: the 処分 is a task of its own that previews the 結果通知書. While the case waits for its 決定 or 決裁, the
 * case page shows what the notice will say, from the workflow's live snapshot.
 */
describe('the 決定・決裁 preview the 処分', () => {
  let db: Knex;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof appOf>;
  let live: Record<string, unknown> | null = null;

  beforeAll(async () => {
    ({ db, cleanup } = await tempDb());
    await insertCase(db, {
      workflowId: 'cert-432130-P1',
      insuredNo: '0000100006',
      appliedOn: '2026-11-02',
      dueOn: '2026-12-02',
      type: 'level_change',
      stage: 'awaiting_approval',
      finalLevel: 'care_4',
      tasks: [
        {
          key: 'decision-approve',
          type: 'decision',
          title: '処分の決裁',
          candidateRole: 'supervisor',
          dueOn: '2026-11-24',
        },
      ],
    });
    const certification = {
      perform: async () => ({}),
      snapshot: async () => {
        if (!live) throw new Error('no worker');
        return live;
      },
    };
    app = appOf(servicesWith(db, { certification }));
  });
  afterAll(async () => cleanup());

  it('shows result, 有効期間 and that the 認定年月日 is the day of the 決裁, with the 決定 waiting for it', async () => {
    live = {
      allowedActions: ['approveDecision'],
      pendingDecision: { decidedOn: '2026-11-24', by: 'nintei' },
      proposedDecision: {
        outcome: 'deemed_renewal',
        level: 'care_4',
        validFrom: '2027-01-01',
        validTo: '2028-12-31',
        reason: null,
      },
    };
    const page = (await (await loginAs(app, 'kakaricho')).get('/cases/cert-432130-P1').expect(200)).text;
    const preview = /<section class="card" aria-labelledby="proposal-h">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(preview).toContain('処分の内容（結果通知書に記載する内容）');
    expect(preview).toContain('要介護4（みなし更新）');
    expect(preview).toContain('令和9年1月1日 〜 令和10年12月31日');
    expect(preview).toContain('決裁の日（令和8年11月24日 決定、決裁待ち）');
    expect(page).toContain('actions/approveDecision');
  });

  it('a refusal shows its reason and no 有効期間', async () => {
    live = {
      allowedActions: ['decide'],
      pendingDecision: null,
      proposedDecision: {
        outcome: 'rejected_no_change',
        level: 'care_4',
        validFrom: null,
        validTo: null,
        reason: '現在の要介護状態区分から変更がないと認められたため',
      },
    };
    const page = (await (await loginAs(app, 'nintei')).get('/cases/cert-432130-P1').expect(200)).text;
    const preview = /<section class="card" aria-labelledby="proposal-h">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(preview).toContain('却下（変更なし）');
    expect(preview).toContain('変更がないと認められたため');
    expect(preview).not.toContain('有効期間');
    expect(preview).toContain('決定の日');
  });

  it('nothing to preview when the workflow does not answer, or before the 二次判定', async () => {
    live = null;
    const down = (await (await loginAs(app, 'kakaricho')).get('/cases/cert-432130-P1').expect(200)).text;
    expect(down).not.toContain('proposal-h');
    live = { allowedActions: ['scheduleBoard'], pendingDecision: null, proposedDecision: null };
    const early = (await (await loginAs(app, 'kakaricho')).get('/cases/cert-432130-P1').expect(200)).text;
    expect(early).not.toContain('proposal-h');
  });
});

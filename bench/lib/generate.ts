/**
 * Generated read-model rows for the query benchmark: persons, cases in a realistic stage mix, their tasks and
 * business events, office assignments and consents. Deterministic (seeded), inserted in batched multi-row INSERTs
 * inside transactions. Written for SQLite (the dev default); the same rows would load into PostgreSQL.
 *
 * Generated rows carry what the read-model writer (db/read-model.ts) derives: cases.person_kana, decided_on and
 * days_to_decision, and the decision_stats day totals. office_client_access is filled by the migration's triggers as
 * the rows go in, as it is in production.
 */
import type { Knex } from 'knex';

/** Seeded PRNG (mulberry32), so two runs generate the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
  ['吉田', 'ヨシダ'],
  ['山田', 'ヤマダ'],
  ['松本', 'マツモト'],
  ['井上', 'イノウエ'],
  ['木村', 'キムラ'],
  ['林', 'ハヤシ'],
  ['清水', 'シミズ'],
  ['山崎', 'ヤマザキ'],
  ['森', 'モリ'],
  ['池田', 'イケダ'],
  ['橋本', 'ハシモト'],
  ['阿部', 'アベ'],
  ['石川', 'イシカワ'],
  ['前田', 'マエダ'],
  ['藤田', 'フジタ'],
  ['小川', 'オガワ'],
  ['岡田', 'オカダ'],
  ['後藤', 'ゴトウ'],
  ['長谷川', 'ハセガワ'],
  ['村上', 'ムラカミ'],
  ['宇城', 'ウキ'],
  ['松橋', 'マツバセ'],
  ['不知火', 'シラヌイ'],
  ['三角', 'ミスミ'],
  ['豊野', 'トヨノ'],
  ['網田', 'オウダ'],
];
const GIVEN = [
  ['ハナ', 'ハナ'],
  ['キヨ', 'キヨ'],
  ['トメ', 'トメ'],
  ['ミツ', 'ミツ'],
  ['千代', 'チヨ'],
  ['幸子', 'サチコ'],
  ['和子', 'カズコ'],
  ['節子', 'セツコ'],
  ['正男', 'マサオ'],
  ['太郎', 'タロウ'],
  ['一郎', 'イチロウ'],
  ['勝', 'マサル'],
  ['清', 'キヨシ'],
  ['茂', 'シゲル'],
  ['博', 'ヒロシ'],
  ['実', 'ミノル'],
  ['静子', 'シズコ'],
  ['文子', 'フミコ'],
  ['正', 'タダシ'],
  ['稔', 'ミノル'],
];

/** Stage mix of all cases ever received (most are long decided; open ones spread over the steps). */
export const STAGE_MIX: [stage: string, share: number][] = [
  ['notified', 0.8],
  ['withdrawn', 0.02],
  ['rejected', 0.01],
  ['closed', 0.01],
  ['received', 0.02],
  ['investigating', 0.09],
  ['primary_judged', 0.02],
  ['board_scheduled', 0.03],
];
const OPEN_STAGES = new Set(['received', 'investigating', 'primary_judged', 'board_scheduled']);
const LEVELS = ['non_applicable', 'support_1', 'support_2', 'care_1', 'care_2', 'care_3', 'care_4', 'care_5'];
const TYPES: [string, number][] = [
  ['renewal', 0.55],
  ['new', 0.3],
  ['level_change', 0.13],
  ['transfer_in', 0.02],
];

export interface GenerateOptions {
  insurerNo: string;
  today: string;
  /** care office numbers that file applications and hold assignments */
  officeNos: string[];
  /** user ids tasks may be assigned to, by role */
  usersByRole: Record<string, number[]>;
  /** rows per INSERT statement (also the transaction size is 20 statements) */
  batchSize: number;
  seed?: number;
}

function addDays(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function pickWeighted(r: () => number, xs: [string, number][]): string {
  let x = r();
  for (const [v, w] of xs) {
    if (x < w) return v;
    x -= w;
  }
  return xs[xs.length - 1][0];
}

type Row = Record<string, unknown>;

/** Buffers rows per table and flushes them in multi-row INSERTs of `batchSize` rows. */
class BatchWriter {
  private buffers = new Map<string, Row[]>();
  rows = 0;
  statements = 0;
  constructor(
    private readonly trx: Knex.Transaction,
    private readonly batchSize: number,
  ) {}
  async add(table: string, row: Row): Promise<void> {
    let b = this.buffers.get(table);
    if (!b) this.buffers.set(table, (b = []));
    b.push(row);
    if (b.length >= this.batchSize) {
      // Parents first: tables are registered in dependency order (insured_persons before consents and assignments).
      for (const t of this.buffers.keys()) {
        await this.flushTable(t);
        if (t === table) break;
      }
    }
  }
  private async flushTable(table: string): Promise<void> {
    const b = this.buffers.get(table);
    if (!b?.length) return;
    this.buffers.set(table, []);
    // SQLite allows at most 32,766 bound variables per statement, and knex's multi-row INSERT is a compound SELECT
    // (at most 500 terms).
    const perStatement = Math.max(1, Math.min(b.length, 500, Math.floor(32_000 / Object.keys(b[0]).length)));
    for (let i = 0; i < b.length; i += perStatement) {
      await this.trx(table).insert(b.slice(i, i + perStatement));
      this.statements += 1;
    }
    this.rows += b.length;
  }
  async flush(): Promise<void> {
    for (const t of this.buffers.keys()) await this.flushTable(t);
  }
}

export interface GenerateResult {
  cases: number;
  openCases: number;
  rows: number;
  statements: number;
  ms: number;
}

/**
 * Adds cases [from, to) (and their persons, tasks, events) to the read model. Call again with a higher range to grow
 * the same database. Persons are shared: about 1.4 cases per person over the years.
 */
export async function generateCases(db: Knex, from: number, to: number, o: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now();
  const r = rng((o.seed ?? 1) + from);
  const casesPerPerson = 1.4;
  let rows = 0;
  let statements = 0;
  let openCases = 0;
  /** decision_stats increments: decided_on → [cases, total days] */
  const decisions = new Map<string, [number, number]>();
  /** kana of the current person (cases of one person are consecutive) */
  let personKana: string | null = null;
  const chunk = 2000; // cases per transaction
  for (let lo = from; lo < to; lo += chunk) {
    const hi = Math.min(to, lo + chunk);
    await db.transaction(async (trx) => {
      const w = new BatchWriter(trx, o.batchSize);
      for (let i = lo; i < hi; i++) {
        const personIdx = Math.floor(i / casesPerPerson);
        const insuredNo = `9${String(personIdx).padStart(9, '0')}`;
        // first case of this person creates the person
        if (Math.floor((i - 1) / casesPerPerson) !== personIdx || i === 0) {
          const fam = pick(r, FAMILY);
          const giv = pick(r, GIVEN);
          personKana = `${fam[1]} ${giv[1]}`;
          const planOffice = r() < 0.55 ? pick(r, o.officeNos) : null;
          await w.add('insured_persons', {
            insured_no: insuredNo,
            insurer_no: o.insurerNo,
            name: `${fam[0]} ${giv[0]}`,
            kana: personKana,
            birth_date: `${1925 + Math.floor(r() * 35)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
            sex: r() < 0.6 ? '2' : '1',
            address: '熊本県宇城市松橋町',
            insured_category: r() < 0.97 ? 1 : 2,
            status: r() < 0.93 ? 'active' : 'deceased',
            care_level: r() < 0.7 ? pick(r, LEVELS.slice(1)) : null,
            plan_office_no: planOffice,
            updated_at: `${o.today}T00:00:00.000Z`,
          });
          if (planOffice) {
            await w.add('office_assignments', {
              insured_no: insuredNo,
              office_no: planOffice,
              start_date: addDays(o.today, -Math.floor(r() * 900)),
              end_date: r() < 0.2 ? addDays(o.today, -Math.floor(r() * 100)) : null,
            });
          }
          if (r() < 0.6) {
            await w.add('consents', {
              insured_no: insuredNo,
              granted: r() < 0.95,
              granted_on: addDays(o.today, -Math.floor(r() * 900)),
              channel: r() < 0.7 ? 'municipality' : 'office_proxy',
            });
          }
        }
        const stage = pickWeighted(r, STAGE_MIX);
        const open = OPEN_STAGES.has(stage);
        if (open) openCases += 1;
        const appliedOn = open
          ? addDays(o.today, -Math.floor(r() * 45))
          : addDays(o.today, -45 - Math.floor(r() * 1100));
        const updatedOn = open
          ? addDays(appliedOn, Math.floor(r() * Math.max(1, (Date.parse(o.today) - Date.parse(appliedOn)) / 864e5)))
          : addDays(appliedOn, 20 + Math.floor(r() * 30));
        const updatedAt = `${updatedOn}T0${Math.floor(r() * 9)}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00.000Z`;
        // the person of the first case of a later call was written by an earlier call
        personKana ??=
          (
            (await trx('insured_persons').where({ insured_no: insuredNo }).first('kana')) as
              { kana: string } | undefined
          )?.kana ?? null;
        const workflowId = `cert-${o.insurerNo}-G${String(i).padStart(7, '0')}`;
        const office = r() < 0.4 ? pick(r, o.officeNos) : null;
        const decided = stage === 'notified';
        const level = decided ? pick(r, LEVELS) : null;
        const sla = open
          ? pickWeighted(r, [
              ['on_track', 0.6],
              ['at_risk', 0.25],
              ['breached', 0.15],
            ])
          : 'done';
        // 処分 0–3 days before the result notice closed the case (no extra random draw: the data stays as it was)
        const decidedOn = decided ? addDays(updatedOn, -(i % 4)) : null;
        const daysToDecision = decidedOn ? Math.round((Date.parse(decidedOn) - Date.parse(appliedOn)) / 864e5) : null;
        if (decidedOn) {
          const d = decisions.get(decidedOn) ?? [0, 0];
          decisions.set(decidedOn, [d[0] + 1, d[1] + daysToDecision!]);
        }
        await w.add('cases', {
          workflow_id: workflowId,
          case_kind: 'certification',
          insurer_no: o.insurerNo,
          insured_no: insuredNo,
          application_no: `G${String(i).padStart(7, '0')}`,
          application_type: pickWeighted(r, TYPES),
          applied_on: appliedOn,
          filed_by_office_no: office,
          stage,
          status: open ? 'open' : 'closed',
          outcome: decided ? (level === 'non_applicable' ? 'non_applicable' : 'certified') : open ? null : stage,
          due_on: addDays(appliedOn, 30),
          sla_state: sla,
          primary_level: decided || stage === 'primary_judged' || stage === 'board_scheduled' ? pick(r, LEVELS) : null,
          final_level: level,
          valid_from: decided ? addDays(appliedOn, 1) : null,
          valid_to: decided ? addDays(appliedOn, 365) : null,
          summary_json: JSON.stringify({
            surveyVisitOn: addDays(appliedOn, 5),
            surveyCompletedOn: open ? null : addDays(appliedOn, 6),
            surveyHold: null,
            opinionRequestedOn: appliedOn,
            opinionReceivedOn: open ? null : addDays(appliedOn, 12),
            opinionReminders: 0,
            opinionHold: null,
            board: null,
            primaryLevel: null,
            months: decided ? 12 : null,
            decidedOn,
            postponements: 0,
            deceasedOn: null,
            outcomeReason: null,
            sla: { survey: sla, opinion: sla, board: null, overall: sla },
          }),
          decided_on: decidedOn,
          days_to_decision: daysToDecision,
          person_kana: personKana,
          last_seq: open ? 3 : 9,
          created_at: `${appliedOn}T00:00:00.000Z`,
          updated_at: updatedAt,
        });
        // tasks: what is open at each stage, and the completed history of earlier steps
        const tasks: [key: string, type: string, role: string, status: string][] = [];
        const done = (k: string, t: string, role: string) => tasks.push([k, t, role, 'completed']);
        const opn = (k: string, t: string, role: string) => tasks.push([k, t, role, 'open']);
        if (stage === 'received') {
          opn('survey-assign', 'survey', 'intake');
          opn('opinion-receive', 'opinion', 'intake');
        } else if (stage === 'investigating') {
          done('survey-assign', 'survey', 'intake');
          opn('survey-visit', 'survey', 'surveyor');
          if (r() < 0.6) opn('opinion-receive', 'opinion', 'intake');
          else done('opinion-receive', 'opinion', 'intake');
        } else if (stage === 'primary_judged') {
          done('survey-assign', 'survey', 'intake');
          done('survey-visit', 'survey', 'surveyor');
          done('opinion-receive', 'opinion', 'intake');
          opn('board-schedule', 'board', 'board_secretariat');
        } else if (stage === 'board_scheduled') {
          done('survey-assign', 'survey', 'intake');
          done('survey-visit', 'survey', 'surveyor');
          done('opinion-receive', 'opinion', 'intake');
          done('board-schedule', 'board', 'board_secretariat');
          opn('board-decide', 'board', 'board_secretariat');
        } else if (stage === 'notified') {
          for (const [k, t, role] of [
            ['survey-assign', 'survey', 'intake'],
            ['survey-visit', 'survey', 'surveyor'],
            ['opinion-receive', 'opinion', 'intake'],
            ['board-schedule', 'board', 'board_secretariat'],
            ['board-decide', 'board', 'board_secretariat'],
          ])
            done(k, t, role);
        } else {
          tasks.push(['survey-assign', 'survey', 'intake', 'cancelled']);
        }
        if (open && r() < 0.05) opn('postponement-1', 'postponement', 'intake');
        let seq = 0;
        for (const [key, type, role, status] of tasks) {
          const users = o.usersByRole[role] ?? [];
          await w.add('tasks', {
            id: `${workflowId}:${key}`,
            workflow_id: workflowId,
            task_type: type,
            title: `${type} ${key}`,
            candidate_role: role,
            office_no: role === 'surveyor' && r() < 0.3 ? pick(r, o.officeNos) : null,
            assignee_user_id: users.length && r() < 0.4 ? pick(r, users) : null,
            status,
            due_on: addDays(appliedOn, 7 + seq * 3),
            created_at: `${addDays(appliedOn, seq)}T01:00:00.000Z`,
            completed_at: status === 'open' ? null : `${addDays(appliedOn, seq + 2)}T02:00:00.000Z`,
            completed_by: status === 'completed' ? 'nintei' : null,
          });
          seq += 1;
        }
        const events = open ? 2 + Math.floor(r() * 4) : 9;
        for (let e = 1; e <= events; e++) {
          await w.add('case_events', {
            workflow_id: workflowId,
            seq: e,
            event_type:
              [
                'received',
                'opinion_requested',
                'survey_assigned',
                'survey_scheduled',
                'survey_completed',
                'opinion_received',
                'primary_judged',
                'board_scheduled',
                'decided',
              ][e - 1] ?? 'notified',
            actor: e % 2 ? 'nintei' : 'システム',
            occurred_at: `${addDays(appliedOn, e * 3)}T03:00:00.000Z`,
            payload_json: '{"note":"generated"}',
          });
        }
      }
      await w.flush();
      rows += w.rows;
      statements += w.statements;
    });
  }
  // Day totals, added to those of earlier calls (as the writer adds one case at a time).
  const stats = [...decisions].map(([decided_on, [cases, total_days]]) => ({
    insurer_no: o.insurerNo,
    decided_on,
    cases,
    total_days,
  }));
  for (let i = 0; i < stats.length; i += 500) {
    await db('decision_stats')
      .insert(stats.slice(i, i + 500))
      .onConflict(['insurer_no', 'decided_on'])
      .merge({
        cases: db.raw('decision_stats.cases + excluded.cases'),
        total_days: db.raw('decision_stats.total_days + excluded.total_days'),
      });
    statements += 1;
  }
  rows += stats.length;
  return { cases: to - from, openCases, rows, statements, ms: Date.now() - started };
}

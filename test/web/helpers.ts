/** Shared setup for the back-office HTTP tests: a seeded temp DB, the real app, login through POST /login, fixtures. */
import type { Knex } from 'knex';
import request from 'supertest';
import { recordProgress } from '../../db/read-model';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { createApp } from '../../web/app';
import { createServices, type Services } from '../../web/services';
import { createTempDb } from '../support/temp-db';

export const TODAY = '2026-11-25';

/** The CSRF token of a rendered page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1];
}

/** Services over the temp DB with no Temporal, on the fixtures' TODAY; `overrides` replace getters (certification, history) with fakes. */
export function servicesWith(db: Knex, overrides: Record<string, unknown> = {}): Services {
  const base = createServices({
    db,
    temporal: null,
    config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
    today: () => TODAY,
  });
  const s = Object.defineProperties({}, Object.getOwnPropertyDescriptors(base)) as Services;
  for (const [k, v] of Object.entries(overrides)) Object.defineProperty(s, k, { value: v, configurable: true });
  return s;
}

export function appOf(services: Services) {
  return createApp(services, { sessionSecret: 'test-secret-test-secret', production: true });
}

/** A supertest agent logged in as a demo user; `csrf()` reads a fresh token from any page. */
export async function loginAs(app: ReturnType<typeof createApp>, loginId: string) {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfOf(page.text), loginId, password: DEMO_PASSWORD })
    .expect(302);
  return agent;
}

export async function tempDb() {
  return createTempDb({ seed: true, today: TODAY });
}

/** A certification case with its first steps, written through the read-model writer the activities use. */
export async function insertCase(
  db: Knex,
  c: {
    workflowId: string;
    insuredNo: string;
    appliedOn: string;
    dueOn: string;
    stage?: string;
    status?: 'open' | 'closed';
    type?: string;
    /** default certification */
    caseKind?: string;
    applicationNo?: string;
    filedByOfficeNo?: string | null;
    slaState?: string;
    summary?: Record<string, unknown>;
    finalLevel?: string | null;
    tasks?: {
      key: string;
      type: string;
      title: string;
      candidateRole: string;
      dueOn: string;
      officeNo?: string | null;
    }[];
  },
) {
  await recordProgress(db, {
    workflowId: c.workflowId,
    seq: 1,
    occurredAt: `${c.appliedOn}T01:00:00.000Z`,
    case: {
      case_kind: c.caseKind ?? 'certification',
      insurer_no: '432130',
      insured_no: c.insuredNo,
      application_no: c.applicationNo ?? c.workflowId.replace(/^cert-432130-/, ''),
      application_type: c.type ?? 'new',
      applied_on: c.appliedOn,
      filed_by_office_no: c.filedByOfficeNo ?? null,
      stage: c.stage ?? 'received',
      status: c.status ?? 'open',
      due_on: c.dueOn,
      sla_state: c.slaState ?? 'on_track',
      final_level: c.finalLevel ?? null,
      summary: c.summary ?? { opinionRequestedOn: c.appliedOn },
    },
    event: {
      type: 'received',
      actor: 'nintei',
      payload: { type: c.type ?? 'new', applicant: { kind: 'self', name: '本人' }, notes: [] },
    },
    openTasks: c.tasks ?? [],
  });
}

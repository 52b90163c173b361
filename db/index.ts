/**
 * The one door to the database: `createRepositories(db)` binds every aggregate's queries to a connection, so services
 * and activities call `repos.cases.getCase(insurerNo, id)` and never hold SQL. Each aggregate module also exports its
 * functions with the connection as first argument, for tests and the bench.
 */
import type { Knex } from 'knex';
import * as audit from './audit';
import * as cases from './cases';
import * as certificationCancellations from './certification-cancellations';
import * as custody from './custody';
import * as dashboard from './dashboard';
import * as disclosures from './disclosures';
import * as documents from './documents';
import * as insurers from './insurers';
import * as kokuhoren from './kokuhoren';
import * as loginFailures from './login-failures';
import * as notices from './notices';
import * as offices from './offices';
import * as opinionRequests from './opinion-requests';
import * as officeRegister from './office-register';
import * as persons from './persons';
import * as planNotifications from './plan-notifications';
import * as readModel from './read-model';
import * as registrations from './registrations';
import * as register from './register';
import * as registerImports from './register-imports';
import * as registerRoll from './register-roll';
import * as renewals from './renewals';
import * as rules from './rules';
import * as sessions from './sessions';
import * as system from './system';
import * as tasks from './tasks';
import * as users from './users';

/**
 * A connection as bin/ opens it (db/connection.ts). Outside db/ it is only passed on, to createRepositories; it is
 * never queried there.
 */
export type Database = Knex;

type Bound<M> = {
  [K in keyof M as M[K] extends (db: Knex, ...args: never[]) => unknown ? K : never]: M[K] extends (
    db: Knex,
    ...args: infer A
  ) => infer R
    ? (...args: A) => R
    : never;
};

/** The module's functions that take the connection first, with the connection bound. */
function bind<M extends object>(db: Knex, module: M): Bound<M> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(module)) {
    // the type keeps only functions whose first parameter is the connection; the others are bound but not reachable
    if (typeof fn === 'function')
      out[name] = (...args: unknown[]) => (fn as (db: Knex, ...a: unknown[]) => unknown)(db, ...args);
  }
  return out as Bound<M>;
}

/** Every aggregate's repository, bound to one connection. */
export function createRepositories(db: Knex) {
  return {
    audit: bind(db, audit),
    cases: bind(db, cases),
    certificationCancellations: bind(db, certificationCancellations),
    custody: bind(db, custody),
    dashboard: bind(db, dashboard),
    disclosures: bind(db, disclosures),
    documents: bind(db, documents),
    insurers: bind(db, insurers),
    kokuhoren: bind(db, kokuhoren),
    loginFailures: bind(db, loginFailures),
    notices: bind(db, notices),
    offices: bind(db, offices),
    opinionRequests: bind(db, opinionRequests),
    officeRegister: bind(db, officeRegister),
    persons: bind(db, persons),
    planNotifications: bind(db, planNotifications),
    readModel: {
      ...bind(db, readModel),
      /** A group-committing writer of workflow steps (ProgressWriter) on this connection. */
      writer: (stepsPerTransaction?: number) => new readModel.ProgressWriter(db, stepsPerTransaction),
    },
    registrations: bind(db, registrations),
    register: bind(db, register),
    registerImports: bind(db, registerImports),
    registerRoll: bind(db, registerRoll),
    renewals: bind(db, renewals),
    rules: bind(db, rules),
    sessions: bind(db, sessions),
    system: bind(db, system),
    tasks: bind(db, tasks),
    users: bind(db, users),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

import type { Knex } from 'knex';

/** What every activity factory receives. */
export interface ActivityDeps {
  db: Knex;
  /** at most this many workflow steps share one read-model transaction (group commit); 1 writes each alone */
  stepsPerTransaction?: number;
}

import type { Database } from '../db';

/** What every activity factory receives. */
export interface ActivityDeps {
  /** the connection: the activities reach it through createRepositories (the 居宅届 ones through db/plan-notifications) */
  db: Database;
  /** at most this many workflow steps share one read-model transaction (group commit); 1 writes each alone */
  stepsPerTransaction?: number;
}

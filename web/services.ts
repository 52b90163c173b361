import type { Knex } from 'knex';
import type { PayloadCodec } from '@temporalio/common';
import type { AppConfig } from '../config';
import type { IsoDate } from '../domain/certification/types';
import { jstDateOf } from '../domain/dates';
import { AuditService } from './services/audit';
import { CertificationService } from './services/certification';
import { HistoryService } from './services/history';
import { PlanNotificationService } from './services/plan-notification';
import { StatusService } from './services/status';
import { UserService } from './services/users';
import { LoginThrottleService } from './services/login-throttle';
import type { TemporalGateway } from './temporal';

/**
 * Builds every service the routes use. The one place that wires the database and Temporal into the web layer.
 * `today` is the date in Japan every page works from (due states, overdue days, consent in force); tests pin it.
 */
export function createServices(deps: {
  db: Knex;
  temporal: TemporalGateway | null;
  config: Pick<AppConfig, 'temporalNamespace' | 'temporalUiUrl'>;
  today?: () => IsoDate;
  /** Decrypts Temporal payloads for the codec endpoint; absent, the endpoint answers 503. */
  payloadCodec?: PayloadCodec;
}) {
  const { db, temporal, config } = deps;
  const today = deps.today ?? (() => jstDateOf(Date.now()));
  const requireTemporal = () => {
    if (!temporal) throw new Error('Temporal に接続していません');
    return temporal;
  };
  return {
    db,
    today,
    audit: new AuditService(db),
    users: new UserService(db),
    loginThrottle: new LoginThrottleService(db),
    payloadCodec: deps.payloadCodec ?? null,
    status: new StatusService(db, temporal, config.temporalNamespace),
    get certification() {
      const t = requireTemporal();
      return new CertificationService({ db, client: t.client, taskQueue: t.taskQueue });
    },
    /** Temporal event history of a case (supervisor view). */
    get history() {
      return new HistoryService(requireTemporal().client);
    },
    get planNotification() {
      const t = requireTemporal();
      return new PlanNotificationService({ db, client: t.client, taskQueue: t.taskQueue });
    },
    temporalUiUrl: (workflowId?: string) => {
      const list = `${config.temporalUiUrl}/namespaces/${encodeURIComponent(config.temporalNamespace)}/workflows`;
      return workflowId ? `${list}/${encodeURIComponent(workflowId)}` : list;
    },
  };
}

export type Services = ReturnType<typeof createServices>;

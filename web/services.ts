import type { PayloadCodec } from '@temporalio/common';
import { createRepositories, type Database } from '../db';
import type { AppConfig } from '../config';
import type { IsoDate } from '../domain/certification/types';
import { jstDateOf } from '../domain/dates';
import { AccountService } from './services/accounts';
import { AuditService } from './services/audit';
import { CaseQueryService } from './services/cases';
import { CertificationService } from './services/certification';
import { CertificationCancellationService } from './services/certification-cancellation';
import { CustodyService } from './services/custody';
import { CustodyHandlerService } from './services/custody-handlers';
import { DashboardService } from './services/dashboard';
import { DisclosureService } from './services/disclosures';
import { DocumentService } from './services/documents';
import { HistoryService } from './services/history';
import { InboxService } from './services/inbox';
import { MedicalService } from './services/medical';
import { OpinionCheckService } from './services/opinion';
import { OfficeService } from './services/office';
import { OfficeRegisterService } from './services/office-register';
import { InsurerService } from './services/insurer';
import { PersonService } from './services/persons';
import { PlanNotificationService } from './services/plan-notification';
import { RegistrationService } from './services/registration';
import { SelfViewService } from './services/self-view';
import { type CardReader, NoCardReader } from '../lib/card-reader';
import { RegisterService } from './services/register';
import { KokuhorenService } from './services/kokuhoren';
import { RegisterImportService } from './services/register-import';
import { StatusService } from './services/status';
import { InterimService } from './services/interim';
import { SurveyAssignmentService } from './services/survey-assignment';
import { UserService } from './services/users';
import { LoginThrottleService } from './services/login-throttle';
import type { TemporalGateway } from './temporal';

/**
 * Builds every service the routes use. The one place that wires the database (as repositories) and Temporal into the
 * web layer; routes never see the connection.
 * `today` is the date in Japan every page works from (due states, overdue days, consent in force); tests pin it.
 */
export function createServices(deps: {
  db: Database;
  temporal: TemporalGateway | null;
  config: Pick<AppConfig, 'temporalNamespace' | 'temporalUiUrl'>;
  today?: () => IsoDate;
  /** Decrypts Temporal payloads for the codec endpoint; absent, the endpoint answers 503. */
  payloadCodec?: PayloadCodec;
  /** The offices' マイナンバーカード reader port (a FixedCardReader in tests); none connected by default. */
  cardReader?: CardReader;
  /** The clock of times recorded to the minute (card take-outs and returns); tests pin it. */
  now?: () => number;
}) {
  const { db, temporal, config } = deps;
  const repos = createRepositories(db);
  const today = deps.today ?? (() => jstDateOf(Date.now()));
  const requireTemporal = () => {
    if (!temporal) throw new Error('Temporal に接続していません');
    return temporal;
  };
  const audit = new AuditService(repos);
  const registrations = new RegistrationService(repos, audit, deps.cardReader ?? new NoCardReader());
  const certification = () => {
    const t = requireTemporal();
    return new CertificationService({ repos, client: t.client, taskQueue: t.taskQueue });
  };
  return {
    today,
    audit,
    registrations,
    /** 本人の閲覧 (/me): the same identity check as 担当事業所登録. */
    selfView: new SelfViewService(repos, registrations),
    users: new UserService(repos),
    loginThrottle: new LoginThrottleService(repos),
    payloadCodec: deps.payloadCodec ?? null,
    status: new StatusService(repos, temporal, config.temporalNamespace),
    cases: new CaseQueryService(repos),
    inbox: new InboxService(repos),
    persons: new PersonService(repos),
    register: new RegisterService(repos),
    /** 認定取消 (the 認定係, on the person's page). */
    certificationCancellation: new CertificationCancellationService(repos),
    /** 国保連への受給者異動 (daily export). */
    kokuhoren: new KokuhorenService(repos),
    dashboard: new DashboardService(repos),
    office: new OfficeService(repos),
    medical: new MedicalService(repos, audit),
    officeRegister: new OfficeRegisterService(repos),
    /** 保険者の設定 (the supervisor's own insurer). */
    insurer: new InsurerService(repos),
    accounts: new AccountService(repos),
    /** マイナンバーカード預かり管理簿 (facilities). */
    custody: new CustodyService(repos, audit, deps.now ?? (() => Date.now())),
    /** カードの取扱者 (the office administrator's page). */
    custodyHandlers: new CustodyHandlerService(repos, audit, deps.now ?? (() => Date.now())),
    /** 資料提供申請 (paper copies for offices). */
    disclosures: new DisclosureService(repos),
    /** 認定調査票 entry and the documents of a case (its survey Update goes through `certification`). */
    get documents() {
      return new DocumentService(repos, () => this.certification);
    },
    /** 認定調査員の割当: the picker's lists (the insurer's surveyors and contractable offices) and the check of a pick. */
    get surveyAssignment() {
      return new SurveyAssignmentService(repos, () => this.certification, today);
    },
    /** 暫定利用の登録 by the 認定係 (office from the register) or by the care office of the case. */
    get interim() {
      return new InterimService(repos, () => this.certification);
    },
    /** The express-session store on the sessions table. */
    sessionStore: (cleanupIntervalMs: number) => repos.sessions.sessionStore(cleanupIntervalMs),
    get certification() {
      return certification();
    },
    /** 主治医意見書の確認・差し戻し・入力 by the 認定係 (its check is the receiveOpinion Update). */
    get opinions() {
      return new OpinionCheckService(repos, audit, () => this.certification);
    },
    /** Temporal event history of a case (supervisor view). */
    get history() {
      return new HistoryService(requireTemporal().client);
    },
    /** 台帳の取込 (starts the import workflow). */
    get registerImport() {
      const t = requireTemporal();
      return new RegisterImportService({ repos, client: t.client, taskQueue: t.taskQueue });
    },
    get planNotification() {
      const t = requireTemporal();
      return new PlanNotificationService({ repos, client: t.client, taskQueue: t.taskQueue });
    },
    temporalUiUrl: (workflowId?: string) => {
      const list = `${config.temporalUiUrl}/namespaces/${encodeURIComponent(config.temporalNamespace)}/workflows`;
      return workflowId ? `${list}/${encodeURIComponent(workflowId)}` : list;
    },
  };
}

export type Services = ReturnType<typeof createServices>;

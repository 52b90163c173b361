/** 進捗管理: the figures of the supervisor's dashboard, all of the actor's insurer. */
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';

export class DashboardService {
  constructor(private readonly repos: Repositories) {}

  /** Stage and SLA counts, overdue cases (count and the 20 oldest), 延期通知 pending, average days, oldest cases, 27条11項 breaches. */
  async summary(actor: Actor, on: string, averageSince: string) {
    const d = this.repos.dashboard;
    const insurerNo = actor.insurerNo;
    const [counts, overdue, overdueTop, postponements, avgDays, oldest, breaches] = await Promise.all([
      d.openCaseCounts(insurerNo),
      d.overdueCount(insurerNo, on),
      d.overdueCases(insurerNo, on, 20),
      d.pendingPostponementCount(insurerNo),
      d.averageDaysToDecision(insurerNo, averageSince),
      d.oldestOpenCases(insurerNo, 10),
      d.deadlineBreachCount(insurerNo, averageSince),
    ]);
    return { ...counts, overdue, overdueTop, postponements, avgDays, oldest, breaches };
  }

  /** Every open case past the 法定期限 (the CSV). */
  overdueCases(actor: Actor, on: string) {
    return this.repos.dashboard.overdueCases(actor.insurerNo, on);
  }
}

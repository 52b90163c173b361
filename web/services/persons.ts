/** 被保険者: the insurer's persons, one person's 証情報 with consent and 担当事業所, their cases, 同意の撤回. */
import type { Repositories } from '../../db';
import { mayReadCaseKind } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import { changesSince, type ShownValues } from '../../domain/register/changes';
import type { IsoDate } from '../../domain/certification/types';
import { found } from '../views/common';

export class PersonService {
  constructor(private readonly repos: Repositories) {}

  list(actor: Actor, f: { q?: string; page?: number }) {
    return this.repos.persons.listPersons({ insurerNo: actor.insurerNo, q: f.q, page: f.page });
  }

  /**
   * A person of the actor's insurer with usage, consent and assignments; NotFoundError for an unknown person and for
   * another insurer's. (Whether an office may see the person at all is OfficeService's check.)
   */
  async page(actor: Actor, insuredNo: string, today: IsoDate) {
    const { persons } = this.repos;
    const person = found(await persons.getPerson(actor.insurerNo, insuredNo), '被保険者が見つかりません');
    const [usages, consent, assignments, settings] = await Promise.all([
      persons.benefitUsagesOfPerson(actor.insurerNo, insuredNo),
      persons.currentConsent(actor.insurerNo, insuredNo),
      persons.assignmentsOfPerson(actor.insurerNo, insuredNo),
      this.repos.register.registerSettingsOn(actor.insurerNo, today),
    ]);
    return { person, usages, consent, assignments, settings };
  }

  /**
   * 証書の更新確認: what changed since the office last looked at the person ("更新あり"), then records what it is
   * shown now. The caller has already applied the office visibility rule.
   */
  async officeChanges(officeNo: string, insuredNo: string, shown: ShownValues, now: string) {
    const { register } = this.repos;
    const changes = changesSince(await register.officeLastSeen(officeNo, insuredNo), shown);
    await register.markOfficeSeen({ officeNo, insuredNo, seenJson: JSON.stringify(shown), seenAt: now });
    return changes;
  }

  /** The person's cases the actor may open (居宅届 only for mayReadPlanNotification). */
  async casesOf(actor: Actor, insuredNo: string) {
    const rows = await this.repos.cases.casesOfPerson(actor.insurerNo, insuredNo);
    return rows.filter((c) => mayReadCaseKind(actor.role, c.case_kind));
  }

  /** 同意の撤回 on `on`: NotFoundError for a person not of the insurer; false when there is no consent to withdraw. */
  async revokeConsent(actor: Actor, insuredNo: string, on: string): Promise<boolean> {
    found(await this.repos.persons.getPerson(actor.insurerNo, insuredNo), '被保険者が見つかりません');
    return this.repos.persons.revokeConsent(actor.insurerNo, insuredNo, on);
  }
}

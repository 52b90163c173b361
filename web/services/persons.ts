/** 被保険者: the insurer's persons, one person's 証情報 with consent and 担当事業所, their cases, 同意の撤回. */
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';
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
  async page(actor: Actor, insuredNo: string) {
    const { persons } = this.repos;
    const person = found(await persons.getPerson(actor.insurerNo, insuredNo), '被保険者が見つかりません');
    const [usages, consent, assignments] = await Promise.all([
      persons.benefitUsagesOfPerson(actor.insurerNo, insuredNo),
      persons.currentConsent(actor.insurerNo, insuredNo),
      persons.assignmentsOfPerson(actor.insurerNo, insuredNo),
    ]);
    return { person, usages, consent, assignments };
  }

  casesOf(actor: Actor, insuredNo: string) {
    return this.repos.cases.casesOfPerson(actor.insurerNo, insuredNo);
  }

  /** 同意の撤回 on `on`: NotFoundError for a person not of the insurer; false when there is no consent to withdraw. */
  async revokeConsent(actor: Actor, insuredNo: string, on: string): Promise<boolean> {
    found(await this.repos.persons.getPerson(actor.insurerNo, insuredNo), '被保険者が見つかりません');
    return this.repos.persons.revokeConsent(actor.insurerNo, insuredNo, on);
  }
}

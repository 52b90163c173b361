/**
 * 本人の閲覧 (/me, issue 15): the person's own view after an identity check through the same two ways as 担当事業所登録
 * (① 被保険者番号 + 保険者番号 + 生年月日, ② マイナンバーカード券面 through CardReader). Read-only: the person's own
 * certification applications (stage and dates), the result and validity, the 負担割合証 and 負担限度額認定証 — always
 * of the identified person's 被保険者番号 and insurer, never a number taken from the request.
 */
import type { Repositories } from '../../db';
import type { IsoDate } from '../../domain/certification/types';
import { caseStageLabel, careLevelLabel, applicationTypeLabel } from '../../domain/glossary';
import { BURDEN_LIMIT_STAGE_LABELS } from '../../domain/register/settings';
import type { ApplicationType, CareLevel } from '../../domain/certification/types';
import type { BurdenLimitStage } from '../../domain/register/settings';
import { NotFoundError } from '../errors';
import type { IdentityInput, RegistrationService } from './registration';

/** Who the 本人 session is: set only by a passed identity check (never by a staff login). */
export interface SelfSession {
  insuredNo: string;
  insurerNo: string;
  method: IdentityInput['method'];
  identifiedAt: string;
}

/** The one answer to a failed check, whatever the reason (unknown, deceased, moved out, mismatch). */
export const SELF_IDENTITY_REFUSAL =
  '入力された内容では本人確認ができませんでした。被保険者証またはマイナンバーカードの記載をご確認ください。分からない場合は市の介護保険担当にお問い合わせください';

export class SelfViewService {
  constructor(
    private readonly repos: Repositories,
    private readonly registrations: RegistrationService,
  ) {}

  /** The identified person's number and insurer, or null (one answer for every reason). */
  async identify(input: IdentityInput): Promise<{ insuredNo: string; insurerNo: string } | null> {
    const p = await this.registrations.identify(input);
    return p ? { insuredNo: p.insuredNo, insurerNo: p.insurerNo } : null;
  }

  /** What the person sees of themselves. */
  async view(self: SelfSession, today: IsoDate) {
    const p = await this.repos.persons.getPerson(self.insurerNo, self.insuredNo);
    if (!p || p.status !== 'active') throw new NotFoundError('表示できる情報がありません');
    const cases = (await this.repos.cases.casesOfPerson(self.insurerNo, self.insuredNo)).filter(
      (c) => c.case_kind === 'certification',
    );
    const inForce = (to: string | null) => to != null && to >= today;
    return {
      person: { insuredNo: p.insured_no, name: p.name, kana: p.kana, birthDate: p.birth_date },
      certification: {
        level: p.care_level ? careLevelLabel(p.care_level as CareLevel) : null,
        validFrom: p.cert_valid_from,
        validTo: p.cert_valid_to,
        certifiedOn: p.certified_on,
      },
      applications: cases.map((c) => ({
        applicationNo: c.application_no,
        type: c.application_type ? applicationTypeLabel(c.application_type as ApplicationType) : '',
        appliedOn: c.applied_on,
        stageLabel: caseStageLabel(c.stage),
        open: c.status === 'open',
        dueOn: c.status === 'open' ? c.due_on : null,
        decidedOn: c.decided_on,
        result: c.final_level ? careLevelLabel(c.final_level as CareLevel) : null,
        validFrom: c.valid_from,
        validTo: c.valid_to,
      })),
      copay: p.copay_ratio
        ? {
            ratio: `${p.copay_ratio}割`,
            validFrom: p.copay_valid_from,
            validTo: p.copay_valid_to,
            inForce: inForce(p.copay_valid_to),
          }
        : null,
      burdenLimit: p.burden_limit_stage
        ? {
            stage: BURDEN_LIMIT_STAGE_LABELS[p.burden_limit_stage as BurdenLimitStage] ?? p.burden_limit_stage,
            validTo: p.burden_limit_valid_to,
            inForce: inForce(p.burden_limit_valid_to),
          }
        : null,
    };
  }
}

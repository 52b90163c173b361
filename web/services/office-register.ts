/** 事業所台帳 for the city (per insurer), and the filing rule checked on an office's 代行申請 and 居宅届. */
import type { Repositories } from '../../db';
import type { OfficeInput, OfficeRecord } from '../../db/office-register';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import { type OfficeFiling, officeFilingRefusal } from '../../domain/offices/filing';
import { officeKindOf } from '../../domain/offices/service-types';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';

export type OfficeForm = Omit<OfficeInput, 'kind'>;

export class OfficeRegisterService {
  constructor(private readonly repos: Repositories) {}

  list(actor: Actor): Promise<OfficeRecord[]> {
    return this.repos.officeRegister.listOffices(actor.insurerNo);
  }

  /** The registered 医療機関 the intake form offers for the 主治医 (an online 意見書依頼 reaches their inbox). */
  async medicalInstitutions(actor: Actor): Promise<{ officeNo: string; name: string }[]> {
    const rows = await this.repos.officeRegister.medicalInstitutions(actor.insurerNo);
    return rows.map((r) => ({ officeNo: r.office_no, name: r.name }));
  }

  async get(actor: Actor, officeNo: string): Promise<OfficeRecord> {
    const o = await this.repos.officeRegister.findOffice(actor.insurerNo, officeNo);
    if (!o) throw new NotFoundError('事業所が見つかりません');
    return o;
  }

  async create(actor: Actor, officeNo: string, o: OfficeForm): Promise<void> {
    if (await this.repos.officeRegister.officeNoTaken(officeNo))
      throw new ValidationError([{ field: 'officeNo', message: 'この事業所番号は既に登録されています' }]);
    await this.repos.officeRegister.createOffice(actor.insurerNo, officeNo, {
      ...o,
      kind: officeKindOf(o.serviceTypes),
    });
  }

  async update(actor: Actor, officeNo: string, o: OfficeForm): Promise<void> {
    const ok = await this.repos.officeRegister.updateOffice(actor.insurerNo, officeNo, {
      ...o,
      kind: officeKindOf(o.serviceTypes),
    });
    if (!ok) throw new NotFoundError('事業所が見つかりません');
  }

  /** Refuses (403, one Japanese message) a filing the actor's office kind may not make on `onDate`. */
  async assertMayFile(actor: Actor, filing: OfficeFiling, onDate: IsoDate): Promise<void> {
    if (!actor.officeNo) throw new ForbiddenError('事業所の職員のみ利用できます');
    const [types, versions] = await Promise.all([
      this.repos.officeRegister.serviceTypesOf(actor.officeNo),
      this.repos.officeRegister.officeFilingVersions(actor.insurerNo),
    ]);
    const refusal = officeFilingRefusal(filing, types, versions, onDate);
    if (refusal) throw new ForbiddenError(refusal);
  }
}

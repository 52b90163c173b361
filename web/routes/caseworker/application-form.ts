/**
 * 要介護認定申請書 (intake form): the zod schema with Japanese messages, the select options, and the mapping to
 * CertificationService.receiveApplication. Shared by the municipal intake page and the care office's 代行申請 page.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../../domain/actor';
import {
  APPLICATION_FIELDS,
  applicationRequestOf,
  type ApplicationForm,
} from '../../../domain/certification/application-form';
import type { NextFunction, Request, Response } from 'express';
import { applicationSchema } from '../../application-schema';
import { actorOf } from '../../middleware/auth';
import type { Services } from '../../services';

export { applicationSchema };

/** Select options for the template (from the field table), with the submitted value selected. */
export function applicationFormOptions(values: Record<string, unknown>) {
  const sel = (name: string) =>
    (APPLICATION_FIELDS.find((f) => f.name === name)?.options ?? []).map((o) => ({
      ...o,
      selected: values[name] === o.value,
    }));
  return {
    types: sel('requestedType'),
    applicantKinds: sel('applicantKind'),
    identityMethods: sel('identityCheckMethod'),
    residenceKinds: sel('residenceKind'),
    levels: sel('transferLevel'),
    consentChannels: sel('consentChannel'),
  };
}

/**
 * A fresh 受付番号 for a new form, e.g. '20261125-3F9A1C'. It is part of the workflow ID, so submitting the same
 * form twice (double click, back button) reaches the same case instead of starting a second one.
 */
export function newApplicationNo(today: string): string {
  return `${today.replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/** The service's own checks that name a path outside the form → the form field they concern. */
const SERVICE_FIELDS: Record<string, string> = { insurerNo: 'insuredNo', 'applicant.officeNo': 'applicantOfficeNo' };

/** Maps an error reported by the intake service onto the form field it concerns. */
export function formField(servicePath: string): string {
  return SERVICE_FIELDS[servicePath] ?? servicePath;
}

/** What the form hands to CertificationService.receiveApplication (申請書の内容, before the 申請区分 is classified). */
export function toIntakeRequest(form: Record<string, unknown>, actor: Actor) {
  return applicationRequestOf(form as unknown as ApplicationForm, actor);
}

/**
 * Middleware of the intake pages: the registered 医療機関 (with a doctor account) offered for the 主治医, as options
 * in res.locals for the form's select; a clinic not listed is typed by name (paper request).
 */
export function withMedicalInstitutions(services: Services) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const list = await services.officeRegister.medicalInstitutions(actorOf(req));
    res.locals.medicalInstitutions = list.map((i) => ({ value: i.officeNo, label: `${i.name}（${i.officeNo}）` }));
    next();
  };
}

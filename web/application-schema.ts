/**
 * The 要介護認定申請書's schema, derived from its field table (domain/certification/application-form.ts): the intake
 * pages parse their forms with it, and CertificationService.receiveApplication checks every request with it.
 */
import type { z } from 'zod';
import { APPLICATION_FIELDS, applicationCrossCheck } from '../domain/certification/application-form';
import { tableSchema } from './action-form';

export const applicationSchema = tableSchema(APPLICATION_FIELDS, applicationCrossCheck);
export type ParsedApplication = z.infer<typeof applicationSchema>;

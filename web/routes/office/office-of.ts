/** The session's office: every office page is scoped to it (requireOffice has already checked there is one). */
import type { Request } from 'express';
import { ForbiddenError } from '../../errors';
import { actorOf } from '../../middleware/auth';

export function officeNoOf(req: Request): string {
  const officeNo = actorOf(req).officeNo;
  if (!officeNo) throw new ForbiddenError('事業所の職員のみ利用できます');
  return officeNo;
}

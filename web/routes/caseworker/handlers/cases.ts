/**
 * 案件一覧 (/cases): the insurer's 要介護認定 cases with filters (進捗, 申請区分, 法定期限超過) and a search by
 * 被保険者番号, 氏名 or フリガナ. 居宅届 are not listed here: they have their own queue (/plan-notifications), and in
 * this table a 居宅届 read as a 申請区分「新規」.
 */
import type { Request, Response } from 'express';
import { can } from '../../../../domain/access';
import { APPLICATION_TYPES, CERTIFICATION_STAGES } from '../../../../domain/certification/types';
import { APPLICATION_TYPE_LABELS, STAGE_LABELS } from '../../../../domain/glossary';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { pageParam, pager, qs } from '../../../views/common';

const oneOf = (values: readonly string[], v: string | undefined) => (v && values.includes(v) ? v : undefined);

export function casesHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const filters = {
      stage: oneOf(CERTIFICATION_STAGES, qs(req, 'stage')),
      type: oneOf(APPLICATION_TYPES, qs(req, 'type')),
      overdue: qs(req, 'overdue') === '1' ? '1' : undefined,
      q: qs(req, 'q')?.slice(0, 40),
    };
    const on = services.today();
    const page = await services.cases.list(actor, {
      today: on,
      caseKind: 'certification',
      stage: filters.stage,
      applicationType: filters.type,
      overdue: filters.overdue === '1',
      q: filters.q,
      page: pageParam(req),
    });
    res.render('caseworker/cases', {
      title: '案件一覧（要介護認定）',
      filters,
      stages: CERTIFICATION_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s], selected: s === filters.stage })),
      types: APPLICATION_TYPES.map((t) => ({
        value: t,
        label: APPLICATION_TYPE_LABELS[t],
        selected: t === filters.type,
      })),
      planQueue: can(actor.role, 'plan.review'),
      rows: page.rows.map((r) => ({ ...r, overdue: r.status === 'open' && r.due_on != null && r.due_on < on })),
      pager: pager(page, '/cases', filters),
    });
  };
}

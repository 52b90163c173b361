/** 被保険者一覧 (/persons): the insurer's persons in フリガナ order, searched by 被保険者番号, 氏名 or フリガナ. */
import type { Request, Response } from 'express';
import { actorOf } from '../../../middleware/auth';
import type { Services } from '../../../services';
import { pageParam, pager, qs } from '../../../views/common';

export function personsHandler(services: Services) {
  return async (req: Request, res: Response) => {
    const q = qs(req, 'q')?.slice(0, 40);
    const page = await services.persons.list(actorOf(req), { q, page: pageParam(req) });
    res.render('caseworker/persons', { title: '被保険者', q, rows: page.rows, pager: pager(page, '/persons', { q }) });
  };
}

import { type RequestHandler, Router } from 'express';
import type { Services } from '../../services';
import { requireAction, requireMunicipal } from '../../middleware/auth';
import { accountHandlers } from './accounts';
import { insurerHandlers } from './insurer';
import { officeRegisterHandlers } from './offices';
import { ownPasswordHandlers } from './own-password';

/** The city's registers (保険者の設定, 事業所台帳, 職員アカウント; 監督者 only) and every user's own password page. */
export function adminRoutes(services: Services): Router {
  const router = Router();
  const manager = [requireMunicipal, requireAction('office.manage')];
  const offices = officeRegisterHandlers(services);
  const accounts = accountHandlers(services, '/admin/accounts', true);
  const own = ownPasswordHandlers(services);
  const insurer = insurerHandlers(services);

  router.get('/account/password', own.form);
  router.post('/account/password', own.submit);

  router.get('/admin/insurer', manager, insurer.form);
  router.post('/admin/insurer', manager, insurer.submit);

  router.get('/admin/offices', manager, offices.list);
  router.get('/admin/offices/new', manager, offices.newForm);
  router.post('/admin/offices/new', manager, offices.create);
  router.get('/admin/offices/:officeNo', manager, offices.editForm);
  router.post('/admin/offices/:officeNo', manager, offices.update);

  router.get('/admin/accounts', manager, accounts.list);
  router.get('/admin/accounts/new', manager, accounts.newForm);
  router.post('/admin/accounts/new', manager, accounts.create);
  router.get('/admin/accounts/:id', manager, accounts.editForm);
  router.post('/admin/accounts/:id', manager, accounts.update);
  router.post('/admin/accounts/:id/password', manager, accounts.resetPassword);
  return router;
}

/** An office's (or a medical institution's) own staff pages, mounted under its area at /staff. */
export function officeStaffRoutes(router: Router, services: Services, base: string, guard: RequestHandler[]): void {
  const staff = accountHandlers(services, base, false);
  router.get('/staff', guard, staff.list);
  router.get('/staff/new', guard, staff.newForm);
  router.post('/staff/new', guard, staff.create);
  router.get('/staff/:id', guard, staff.editForm);
  router.post('/staff/:id', guard, staff.update);
  router.post('/staff/:id/password', guard, staff.resetPassword);
}

/** The main menu: built from what each role may do, so nobody is shown a link that answers 403. */
import { can, type Action } from '../../domain/access';
import type { Actor } from '../../domain/actor';

export interface MenuItem {
  href: string;
  label: string;
  current: boolean;
  external?: boolean;
}

interface Entry {
  href: string;
  label: string;
  /** Every permission listed is needed. */
  needs: Action[];
}

const MUNICIPAL: Entry[] = [
  { href: '/tasks', label: '作業一覧', needs: ['case.view_all'] },
  { href: '/cases', label: '案件一覧', needs: ['case.view_all'] },
  { href: '/persons', label: '被保険者', needs: ['case.view_all'] },
  { href: '/applications/new', label: '認定申請受付', needs: ['case.view_all', 'certification.intake'] },
  { href: '/plan-notifications', label: '居宅届', needs: ['plan.review'] },
  { href: '/registrations', label: '担当事業所登録', needs: ['registration.review'] },
  { href: '/disclosures', label: '資料提供申請', needs: ['case.view_all', 'certification.intake', 'opinion.medical'] },
  { href: '/register/imports', label: '台帳の取込', needs: ['register.edit'] },
  { href: '/kokuhoren', label: '国保連への受給者異動', needs: ['kokuhoren.export'] },
  { href: '/dashboard', label: '進捗管理', needs: ['dashboard.view'] },
  { href: '/audit', label: '監査ログ', needs: ['settings.edit'] },
  { href: '/admin/insurer', label: '保険者の設定', needs: ['office.manage'] },
  { href: '/admin/offices', label: '事業所台帳', needs: ['office.manage'] },
  { href: '/admin/accounts', label: '職員アカウント', needs: ['office.manage'] },
];

const OFFICE: Entry[] = [
  { href: '/office', label: '利用者・進捗', needs: [] },
  { href: '/office/registrations', label: '担当事業所登録', needs: [] },
  { href: '/office/applications/new', label: '認定申請（代行）', needs: ['certification.intake'] },
  { href: '/office/plan-notifications', label: '居宅届', needs: ['plan.file'] },
  { href: '/office/tasks', label: 'お知らせ・依頼', needs: [] },
  { href: '/office/disclosures', label: '資料提供申請', needs: [] },
];

const MEDICAL: Entry[] = [{ href: '/medical', label: '意見書依頼', needs: ['opinion.requests'] }];

/** An office's administrator also manages its staff (the pages check the flag again in the database). */
function entriesOf(actor: Actor): Entry[] {
  const staff = (base: string): Entry[] =>
    actor.officeAdmin ? [{ href: `${base}/staff`, label: '職員アカウント', needs: [] }] : [];
  if (actor.role === 'office_staff') return [...OFFICE, ...staff('/office')];
  if (actor.role === 'doctor') return [...MEDICAL, ...staff('/medical')];
  return MUNICIPAL;
}

/** The menu of `actor` on the page at `path`; the Temporal Web UI only for roles that may read raw histories. */
export function menuFor(actor: Actor, path: string, temporalUiUrl: string): MenuItem[] {
  const items: MenuItem[] = entriesOf(actor)
    .filter((e) => e.needs.every((a) => can(actor.role, a)))
    .map((e) => ({ href: e.href, label: e.label, current: isCurrent(e.href, path) }));
  if (can(actor.role, 'history.decode')) {
    items.push({ href: temporalUiUrl, label: 'Temporal Web UI', current: false, external: true });
  }
  return items;
}

function isCurrent(href: string, path: string): boolean {
  return href === '/office' || href === '/medical' ? path === href : path === href || path.startsWith(`${href}/`);
}

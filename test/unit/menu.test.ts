import type { Actor } from '../../domain/actor';
import type { Role } from '../../domain/certification/types';
import { menuFor } from '../../web/views/menu';

const actor = (role: Role): Actor => ({
  userId: 1,
  loginId: role,
  displayName: role,
  role,
  officeNo: role === 'office_staff' ? '4321300011' : null,
  insurerNo: '432130',
});
const labels = (role: Role, path = '/tasks') => menuFor(actor(role), path, 'http://ui.example/').map((i) => i.label);

describe('menuFor', () => {
  it('gives the 給付係 the 居宅届 queue and no intake', () => {
    expect(labels('benefits')).toContain('居宅届');
    expect(labels('benefits')).not.toContain('認定申請受付');
  });
  it.each<Role>(['surveyor', 'board_secretariat', 'benefits'])('offers no 認定申請受付 to %s', (role) =>
    expect(labels(role)).not.toContain('認定申請受付'),
  );
  it('offers the 認定係 the intake and not the 居宅届 queue or the audit log', () => {
    expect(labels('intake')).toEqual(expect.arrayContaining(['作業一覧', '認定申請受付']));
    expect(labels('intake')).not.toContain('居宅届');
    expect(labels('intake')).not.toContain('監査ログ');
  });
  it('shows the Temporal Web UI and the audit log to the 係長 only', () => {
    expect(labels('supervisor')).toEqual(expect.arrayContaining(['Temporal Web UI', '監査ログ']));
    for (const role of ['intake', 'surveyor', 'board_secretariat', 'benefits', 'office_staff'] as Role[]) {
      expect(labels(role)).not.toContain('Temporal Web UI');
    }
  });
  it('gives offices their own menu and marks the page they are on', () => {
    const items = menuFor(actor('office_staff'), '/office/plan-notifications/new', 'http://ui.example/');
    expect(items.map((i) => i.href)).toEqual([
      '/office',
      '/office/registrations',
      '/office/applications/new',
      '/office/plan-notifications',
      '/office/tasks',
      '/office/disclosures',
    ]);
    expect(items.filter((i) => i.current).map((i) => i.href)).toEqual(['/office/plan-notifications']);
  });
});

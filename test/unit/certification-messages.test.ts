/** The certification workflow contract: IDs, and one label, permission and Update per action kind. */
import { ACTIONS } from '../../domain/access';
import {
  CERTIFICATION_ACTION_LABELS,
  CERTIFICATION_ACTION_PERMISSIONS,
  certificationUpdates,
  certificationWorkflowId,
  renewalWatchWorkflowId,
} from '../../workflows/certification/messages';

test('workflow IDs come from the insurer and the application number only', () => {
  expect(certificationWorkflowId('432130', 'R08-00123')).toBe('cert-432130-R08-00123');
  expect(renewalWatchWorkflowId('432130', 'R08-00123')).toBe('renewal-432130-R08-00123');
});

test('every action kind has its Update (same name), a Japanese label and a known permission', () => {
  const kinds = Object.keys(CERTIFICATION_ACTION_LABELS);
  expect(Object.keys(certificationUpdates).sort()).toEqual([...kinds].sort());
  expect(Object.keys(CERTIFICATION_ACTION_PERMISSIONS).sort()).toEqual([...kinds].sort());
  for (const [kind, update] of Object.entries(certificationUpdates)) {
    expect(update.name).toBe(kind);
    expect(ACTIONS).toContain(CERTIFICATION_ACTION_PERMISSIONS[kind as keyof typeof CERTIFICATION_ACTION_PERMISSIONS]);
    expect(CERTIFICATION_ACTION_LABELS[kind as keyof typeof CERTIFICATION_ACTION_LABELS]).toMatch(/[ぁ-んァ-ヶ一-龠]/);
  }
});

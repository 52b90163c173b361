/** The certification workflow contract: IDs, one Update per action of the domain table, and the task table. */
import { can } from '../../domain/access';
import { CERTIFICATION_ACTION_KINDS, CERTIFICATION_ACTIONS } from '../../domain/certification/actions';
import {
  CERTIFICATION_TASKS,
  certificationTask,
  certificationUpdates,
  certificationWorkflowId,
} from '../../workflows/certification/messages';
import { renewalWatchWorkflowId } from '../../workflows/renewal-watch/messages';

test('workflow IDs come from the insurer and the application number only', () => {
  expect(certificationWorkflowId('432130', 'R08-00123')).toBe('cert-432130-R08-00123');
  expect(renewalWatchWorkflowId('432130', 'R08-00123')).toBe('renewal-432130-R08-00123');
});

test('every action of the domain table has an Update of the same name, and no Update lacks an action', () => {
  expect(Object.keys(certificationUpdates).sort()).toEqual([...CERTIFICATION_ACTION_KINDS].sort());
  for (const [kind, update] of Object.entries(certificationUpdates)) expect(update.name).toBe(kind);
});

test('the role a task is offered to may take every action the task offers', () => {
  for (const task of Object.values(CERTIFICATION_TASKS)) {
    for (const kind of task.actions)
      expect([task.title, can(task.candidateRole, CERTIFICATION_ACTIONS[kind].permission)]).toEqual([task.title, true]);
  }
});

test('task keys resolve to their entry; keys of other workflows and missing keys to none', () => {
  expect(certificationTask('survey-visit')?.actions).toEqual(['scheduleSurvey', 'completeSurvey']);
  expect(certificationTask('postponement')?.actions).toEqual(['recordPostponementNotice']);
  expect(certificationTask('renewal-intake')).toBeNull();
  expect(certificationTask('toString')).toBeNull();
  expect(certificationTask(null)).toBeNull();
});

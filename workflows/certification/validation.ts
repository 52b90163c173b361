/**
 * Update validators of the 要介護認定 workflow, derived from the action table (domain/certification/actions): the
 * command's shape, the actor's role, the case's state and the fields. They only read, and throw an
 * ApplicationFailure with a Japanese reason, so a rejected command leaves no trace in the history.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { actionErrors, actorRefusal, caseRefusal, type CaseView } from '../../domain/certification/actions';
import type { CertificationActionKind, Command } from './messages';

const fail = (message: string) => ApplicationFailure.create({ message, nonRetryable: true });

/** The part of validation that needs no case: the command's shape and the actor's role. */
export function checkCommand(cmd: Command | undefined, kind: CertificationActionKind): void {
  const { actor, action } = cmd ?? ({} as Partial<Command>);
  if (!actor || !action || action.kind !== kind) throw fail('操作の内容が不正です');
  const why = actorRefusal(actor, kind);
  if (why) throw fail(why);
}

/** Throws an ApplicationFailure with a Japanese reason when the actor may not do this to the case now. */
export function validateCommand(c: CaseView, cmd: Command | undefined, kind: CertificationActionKind): void {
  checkCommand(cmd, kind);
  const why =
    actorRefusal(cmd!.actor, kind, c) ??
    caseRefusal(c, kind) ??
    actionErrors(kind, { ...cmd!.action }, c)
      .map((e) => e.message)
      .join(' / ');
  if (why) throw fail(why);
}

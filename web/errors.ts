/** A field-level problem, in Japanese, naming the field. */
export interface FieldError {
  field: string;
  message: string;
}

/** Bad input: forms come back with these messages; JSON answers 400 with them. */
export class ValidationError extends Error {
  constructor(public readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join(' / '));
  }
}

/** The action does not fit the case's current state (e.g. a rejected Update): 409. */
export class ConflictError extends Error {}

/** The user may not do or see this: 403. */
export class ForbiddenError extends Error {
  constructor(message = 'この操作を行う権限がありません') {
    super(message);
  }
}

/** 404. */
export class NotFoundError extends Error {
  constructor(message = 'ページが見つかりません') {
    super(message);
  }
}

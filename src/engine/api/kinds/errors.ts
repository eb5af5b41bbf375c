// field.Invalid / Required / … constructors (apimachinery field package). Values are passed
// already rendered in Go fmt form (see ../fieldErrors.ts go* helpers) or as scalars.

import { goQuote, goScalar, notFoundError } from '../fieldErrors.ts';
import type { FieldError } from '../strategy.ts';

type Scalar = string | number | boolean | null | undefined;

/** A value already in its printed form (e.g. `[]string{"a"}`), kept apart from plain strings. */
export class Printed {
  constructor(readonly text: string) {}
}
export const printed = (text: string): Printed => new Printed(text);

const render = (v: Scalar | Printed): string => (v instanceof Printed ? v.text : goScalar(v));

export const invalid = (field: string, value: Scalar | Printed, detail: string): FieldError => ({
  field,
  type: 'Invalid',
  value: render(value),
  detail,
});

export const required = (field: string, detail = ''): FieldError => ({ field, type: 'Required', ...(detail ? { detail } : {}) });

export const forbidden = (field: string, detail: string): FieldError => ({ field, type: 'Forbidden', detail });

export const duplicate = (field: string, value: Scalar | Printed): FieldError => ({ field, type: 'Duplicate', value: render(value) });

/** field.NotSupported: the detail lists the supported values, each quoted, in the order given. */
export const notSupported = (field: string, value: Scalar | Printed, supported: readonly string[]): FieldError => ({
  field,
  type: 'NotSupported',
  value: render(value),
  ...(supported.length ? { detail: `supported values: ${supported.map(goQuote).join(', ')}` } : {}),
});

export const tooLong = (field: string, max: number): FieldError => ({
  field,
  type: 'TooLong',
  value: '"<value omitted>"',
  detail: max >= 0 ? `may not be more than ${max} bytes` : 'value is too long',
});

export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  field,
  type: 'TooMany',
  value: String(actual),
  detail: max >= 0 ? `must have at most ${max} items` : 'has too many items',
});

export const notFound = (field: string, value: Scalar): FieldError => notFoundError(field, goScalar(value));

/** One Invalid error per message, all with the same value (the `for _, msg := range …` idiom). */
export function invalidEach(field: string, value: Scalar | Printed, messages: readonly string[]): FieldError[] {
  return messages.map((m) => invalid(field, value, m));
}

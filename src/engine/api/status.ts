// API errors as the API server returns them (metav1.Status). kubectl turns these into
// `Error from server (<Reason>): <message>`.

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'MethodNotAllowed';

export interface Status {
  kind: 'Status';
  status: 'Failure';
  reason: StatusReason;
  code: number;
  message: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message: string; field: string }[] };
}

export type ApiResult<T> = { ok: true; object: T } | { ok: false; status: Status };

const codes: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  Forbidden: 403,
  MethodNotAllowed: 405,
};

export function failure(reason: StatusReason, message: string, details?: Status['details']): { ok: false; status: Status } {
  return { ok: false, status: { kind: 'Status', status: 'Failure', reason, code: codes[reason], message, ...(details ? { details } : {}) } };
}

/** `resource` is the plural resource with group, as in messages: `services`, `deployments.apps`. */
export const notFound = (resource: string, name: string) => failure('NotFound', `${resource} "${name}" not found`);
export const alreadyExists = (resource: string, name: string) => failure('AlreadyExists', `${resource} "${name}" already exists`);

/** How kubectl prints a server error. */
export function formatStatusError(s: Status): string {
  return `Error from server (${s.reason}): ${s.message}\n`;
}

// Tests of ../fieldErrors.ts (kept here: this helper may only write under kinds/).
import { describe, expect, it } from 'vitest';
import {
  causeReason,
  fieldErrorBody,
  formatInvalid,
  goIntOrString,
  goQuote,
  goStringMap,
  goStringSlice,
  invalidStatus,
  kubectlErrorMessage,
  kubectlInvalidMessage,
} from '../fieldErrors.ts';
import type { FieldError } from '../strategy.ts';
import { duplicate, forbidden, invalid, notFound, notSupported, printed, required, tooLong, tooMany } from './errors.ts';

const portErr = invalid('spec.ports[0].port', 0, 'must be between 1 and 65535, inclusive');
const nameErrs: FieldError[] = [required('spec.ports[0].name'), required('spec.ports[1].name')];

describe('field.Error rendering (apimachinery 1.33)', () => {
  it('values: strings %q, numbers plain; Required, Forbidden and TooLong print no value', () => {
    expect(fieldErrorBody(invalid('x', 'a"b', 'bad'))).toBe('Invalid value: "a\\"b": bad');
    expect(fieldErrorBody(portErr)).toBe('Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(fieldErrorBody(required('x'))).toBe('Required value');
    expect(fieldErrorBody(required('x', 'name or generateName is required'))).toBe('Required value: name or generateName is required');
    expect(fieldErrorBody(forbidden('x', 'field is immutable'))).toBe('Forbidden: field is immutable');
    expect(fieldErrorBody(tooLong('metadata.annotations', 262144))).toBe('Too long: may not be more than 262144 bytes');
    expect(fieldErrorBody(tooMany('endpoints', 1001, 1000))).toBe('Too many: 1001: must have at most 1000 items');
    expect(fieldErrorBody(duplicate('x', 'a'))).toBe('Duplicate value: "a"');
    expect(fieldErrorBody(notSupported('x', 'FOO', ['SCTP', 'TCP', 'UDP']))).toBe('Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"');
    expect(fieldErrorBody(notFound('x', 'data'))).toBe('Not found: "data"');
    expect(fieldErrorBody(invalid('x', printed(goStringSlice(['10.96.0.10'])), 'may not change once set'))).toBe(
      'Invalid value: []string{"10.96.0.10"}: may not change once set',
    );
  });

  it('Go fmt renderings', () => {
    expect(goQuote('tab\there\n')).toBe('"tab\\there\\n"');
    expect(goQuote('ünï')).toBe('"ünï"');
    expect(goStringSlice(['a', 'b'])).toBe('[]string{"a", "b"}');
    expect(goStringSlice(null)).toBe('[]string(nil)');
    expect(goStringMap({ tier: 'web', app: 'x' })).toBe('map[string]string{"app":"x", "tier":"web"}');
    expect(goStringMap(undefined)).toBe('map[string]string(nil)');
    expect(goIntOrString('25%')).toBe('intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}');
    expect(goIntOrString(3)).toBe('intstr.IntOrString{Type:0, IntVal:3, StrVal:""}');
  });

  it('the Status message: one error bare, several bracketed, duplicates once', () => {
    expect(formatInvalid('Service', 'x', [portErr])).toBe('Service "x" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(formatInvalid('Service', 'x', nameErrs)).toBe('Service "x" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]');
    expect(formatInvalid('Service', 'x', [portErr, portErr])).toBe(formatInvalid('Service', 'x', [portErr]));
    expect(formatInvalid('Service', 'x', [])).toBe('Service "x" is invalid');
  });

  it('the kind is qualified with its group, as GroupKind.String()', () => {
    expect(formatInvalid('Deployment', 'web', [required('spec.selector')])).toBe('Deployment.apps "web" is invalid: spec.selector: Required value');
    expect(formatInvalid('EndpointSlice', 's', [required('addressType')])).toBe('EndpointSlice.discovery.k8s.io "s" is invalid: addressType: Required value');
  });

  it('kubectl: "The <Kind> …" with one error inline or several as a bulleted list', () => {
    expect(kubectlInvalidMessage('Service', 'x', [portErr])).toBe(
      'The Service "x" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n',
    );
    expect(kubectlInvalidMessage('Service', 'x', nameErrs)).toBe('The Service "x" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value\n');
    expect(kubectlInvalidMessage('Deployment', 'web', [required('spec.selector')])).toBe('The Deployment "web" is invalid: spec.selector: Required value\n');
  });

  it('the Status object and kubectl reading it back', () => {
    const s = invalidStatus('Deployment', 'web', [required('spec.selector')]);
    expect(s).toEqual({
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      message: 'Deployment.apps "web" is invalid: spec.selector: Required value',
      details: { name: 'web', group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' }] },
    });
    expect(kubectlErrorMessage(s)).toBe('The Deployment "web" is invalid: spec.selector: Required value\n');
    expect(kubectlErrorMessage({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'pods "x" not found' })).toBe(
      'Error from server (NotFound): pods "x" not found\n',
    );
    expect(causeReason(notSupported('x', 'y', []))).toBe('FieldValueNotSupported');
  });
});

// Label selectors and label validation, as k8s.io/apimachinery (v0.33) implements them:
// pkg/labels/selector.go (the `-l` string syntax, its lexer, parser and error texts),
// pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector) and pkg/util/validation (messages).
//
// kubectl does not parse `-l` itself: it sends the string to the API server, whose parse
// error comes back as a 400. The caller builds the message kubectl prints:
//   Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label
//   selector "a b", field selector "": <error returned by parseSelector>
// (see listSelectorError below for the middle part).

import type { FieldError } from './strategy.ts';
import type { LabelSelector } from './types.ts';

// ---- Go formatting helpers ---------------------------------------------------------------

const isGoPrintable = (ch: string): boolean => ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** Go's strconv.Quote / fmt `%q` of a string (lower-case hex escapes, printable Unicode kept). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd'; // a lone surrogate is invalid UTF-8 in Go
    else if (isGoPrintable(ch)) out += ch;
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    else if (cp === 11) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x10000) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + '"';
}

/** Byte length of the UTF-8 encoding (Go's len() on a string). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** strconv.ParseInt(s, 10, 64): undefined when Go would fail (syntax or range). */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

// ---- validation (pkg/util/validation/validation.go) ---------------------------------------

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`);
const qualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueRe = new RegExp(`^${labelValueFmt}$`);
const labelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

const maxLenError = (n: number): string => `must be no more than ${n} characters`;
// The examples are joined with "', or '" after a "', " — hence the double spaces upstream.
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** validation.IsDNS1123Subdomain. */
export function validateDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'));
  return errs;
}

/** validation.IsQualifiedName: the messages for an invalid label key (empty when valid). */
export function validateLabelKey(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...validateDNS1123Subdomain(prefix).map((m) => 'prefix part ' + m));
  } else {
    return [
      'a qualified name ' + regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (utf8Length(name) > 63) errs.push('name part ' + maxLenError(63));
  if (!qualifiedNameRe.test(name)) errs.push('name part ' + regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc'));
  return errs;
}

/** validation.IsValidLabelValue: the messages for an invalid label value (empty when valid). */
export function validateLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** field.Error.Error() for the kinds used here. */
export function formatFieldError(e: FieldError): string {
  const body = e.type === 'Invalid' ? `Invalid value: ${e.value}` : e.type === 'Required' ? 'Required value' : e.type === 'Forbidden' ? 'Forbidden' : 'Unsupported value: ' + e.value;
  return `${e.field}: ${body}${e.detail ? ': ' + e.detail : ''}`;
}

/**
 * metav1validation.ValidateLabels (e.g. for metadata.labels). Go walks the map in random
 * order; we walk keys sorted so the output is stable.
 */
export function labelFieldErrors(labels: Record<string, string> | undefined, path = 'metadata.labels'): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels ?? {}).sort()) {
    for (const m of validateLabelKey(k)) errs.push({ field: path, type: 'Invalid', value: goQuote(k), detail: m });
    for (const m of validateLabelValue(labels![k]!)) errs.push({ field: path, type: 'Invalid', value: goQuote(labels![k]!), detail: m });
  }
  return errs;
}

/** The same, as the lines the API server prints (`metadata.labels: Invalid value: "a b": …`). */
export function validateLabels(labels: Record<string, string> | undefined, path = 'metadata.labels'): string[] {
  return labelFieldErrors(labels, path).map(formatFieldError);
}

/** metav1validation.ValidateLabelSelector with default options (e.g. path "spec.selector"). */
export function labelSelectorFieldErrors(ls: LabelSelector | undefined, path: string): FieldError[] {
  if (!ls) return [];
  const errs = labelFieldErrors(ls.matchLabels, `${path}.matchLabels`);
  (ls.matchExpressions ?? []).forEach((expr, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) errs.push({ field: `${p}.values`, type: 'Required', detail: "must be specified when `operator` is 'In' or 'NotIn'" });
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) errs.push({ field: `${p}.values`, type: 'Forbidden', detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    } else {
      errs.push({ field: `${p}.operator`, type: 'Invalid', value: goQuote(String(expr.operator)), detail: 'not a valid selector operator' });
    }
    for (const m of validateLabelKey(expr.key)) errs.push({ field: `${p}.key`, type: 'Invalid', value: goQuote(expr.key), detail: m });
    values.forEach((v, j) => {
      for (const m of validateLabelValue(v)) errs.push({ field: `${p}.values[${j}]`, type: 'Invalid', value: goQuote(v), detail: m });
    });
  });
  return errs;
}

// ---- requirements and selectors -----------------------------------------------------------

/** selection.Operator values, spelled as apimachinery spells them. */
export type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const val = has ? labels[r.key]! : '';
  switch (r.operator) {
    case 'in': case '=': case '==':
      return has && r.values.includes(val);
    case 'notin': case '!=':
      return !has || !r.values.includes(val);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt': case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const lv = parseInt64(val);
      const rv = parseInt64(r.values[0]!);
      if (lv === undefined || rv === undefined) return false;
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

function requirementString(r: Requirement): string {
  const opText: Record<SelectorOperator, string> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '' };
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return '!' + r.key;
  const vals = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${r.key}${opText[r.operator]}(${vals})` : `${r.key}${opText[r.operator]}${vals}`;
}

export interface Selector {
  readonly requirements: readonly Requirement[];
  /** True when the selector does not restrict anything (Everything, `""`). */
  readonly empty: boolean;
  /** True for labels.Nothing() (a nil LabelSelector): matches no object. */
  readonly nothing: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
  /** labels.Selector.String(): requirements sorted by key, comma-joined. */
  toString(): string;
  /** The single value the selector demands for `key` (=, ==, or `in` with one value). */
  requiresExactMatch(key: string): string | undefined;
}

class InternalSelector implements Selector {
  constructor(readonly requirements: readonly Requirement[], readonly nothing = false) {}
  get empty(): boolean {
    return !this.nothing && this.requirements.length === 0;
  }
  matches(labels: Record<string, string> | undefined): boolean {
    if (this.nothing) return false;
    const l = labels ?? {};
    return this.requirements.every((r) => requirementMatches(r, l));
  }
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key);
    if (r && (r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
    return undefined;
  }
}

// Array.prototype.sort is stable, like Go's insertion sort for the short lists seen here.
const byKey = (reqs: Requirement[]): Requirement[] => reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

const EVERYTHING: Selector = new InternalSelector([]);
const NOTHING: Selector = new InternalSelector([], true);
export const everything = (): Selector => EVERYTHING;
export const nothing = (): Selector => NOTHING;

function formatValues(vals: readonly string[] | null): string {
  if (vals === null) return '[]string(nil)';
  return `[]string{${vals.map(goQuote).join(', ')}}`;
}

/** utilerrors aggregate of field errors: one message, or `[a, b]` (duplicates dropped). */
function aggregate(msgs: string[]): string | undefined {
  const uniq = [...new Set(msgs)];
  if (uniq.length === 0) return undefined;
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

/** labels.NewRequirement: the requirement, or the aggregated validation error. */
export function newRequirement(key: string, operator: SelectorOperator, values: readonly string[] | null): { ok: true; requirement: Requirement } | { ok: false; error: string } {
  const errs: string[] = [];
  const vals = values ?? [];
  const keyErrs = validateLabelKey(key);
  if (keyErrs.length) errs.push(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
  switch (operator) {
    case 'in': case 'notin':
      if (vals.length === 0) errs.push(`values: Invalid value: ${formatValues(values)}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=': case '==': case '!=':
      if (vals.length !== 1) errs.push(`values: Invalid value: ${formatValues(values)}: exact-match compatibility requires one single value`);
      break;
    case 'exists': case '!':
      if (vals.length !== 0) errs.push(`values: Invalid value: ${formatValues(values)}: values set must be empty for exists and does not exist`);
      break;
    case 'gt': case 'lt':
      if (vals.length !== 1) errs.push(`values: Invalid value: ${formatValues(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
  }
  vals.forEach((v, i) => {
    const m = validateLabelValue(v);
    if (m.length) errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${m.join('; ')}`);
  });
  const error = aggregate(errs);
  return error === undefined ? { ok: true, requirement: { key, operator, values: [...vals] } } : { ok: false, error };
}

// ---- the string syntax: lexer ---------------------------------------------------------------

type Tok = 'ERR' | 'EOS' | ')' | ',' | '!' | '==' | '=' | '>' | 'ID' | 'in' | '<' | '!=' | 'notin' | '(';
const string2token: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}
  // Go's lexer reads bytes and treats a NUL byte like the end of the string.
  private read(): string {
    return this.pos < this.s.length ? this.s[this.pos++]! : '\0';
  }
  private unread(): void {
    this.pos--;
  }
  lex(): [Tok, string] {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === '\0') return ['EOS', ''];
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIDOrKeyword();
  }
  private scanIDOrKeyword(): [Tok, string] {
    let buf = '';
    for (;;) {
      const ch = this.read();
      if (ch === '\0') break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buf += ch;
    }
    return [string2token[buf] ?? 'ID', buf];
  }
  // The longest run of special symbols that is still a token ("!=" rather than "!").
  private scanSpecialSymbol(): [Tok, string] {
    let last: [Tok, string] | undefined;
    let buf = '';
    for (;;) {
      const ch = this.read();
      if (ch === '\0') break;
      if (!isSpecialSymbol(ch)) {
        this.unread();
        break;
      }
      buf += ch;
      const tok = Object.prototype.hasOwnProperty.call(string2token, buf) ? string2token[buf] : undefined;
      if (tok) last = [tok, buf];
      else if (last) {
        this.unread();
        break;
      }
    }
    return last ?? ['ERR', `error expected: keyword found '${buf}'`];
  }
}

// ---- the string syntax: parser ----------------------------------------------------------------

type Context = 'keyAndOperator' | 'values';
const binaryOperators = 'in, notin, =, ==, !=, gt, lt';
class ParseError {
  constructor(readonly message: string) {}
}

class Parser {
  private items: [Tok, string][] = [];
  private position = 0;
  constructor(text: string) {
    const l = new Lexer(text);
    for (;;) {
      const item = l.lex();
      this.items.push(item);
      if (item[0] === 'EOS') break;
    }
  }
  // In a values context the keywords `in` and `notin` are ordinary identifiers.
  private lookahead(ctx: Context): [Tok, string] {
    const [tok, lit] = this.items[this.position]!;
    return ctx === 'values' && (tok === 'in' || tok === 'notin') ? ['ID', lit] : [tok, lit];
  }
  private consume(ctx: Context): [Tok, string] {
    const r = this.lookahead(ctx);
    this.position++;
    return r;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const [tok, lit] = this.lookahead('values');
      if (tok === 'EOS') return reqs;
      if (tok !== 'ID' && tok !== '!') throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof ParseError) throw new ParseError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const [t, l] = this.consume('values');
      if (t === 'EOS') return reqs;
      if (t !== ',') throw new ParseError(`found '${l}', expected: ',' or 'end of string'`);
      const [t2, l2] = this.lookahead('values');
      if (t2 !== 'ID' && t2 !== '!') throw new ParseError(`found '${l2}', expected: identifier after ','`);
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    let values: string[] = [];
    let op = inferred;
    if (op !== 'exists' && op !== '!') {
      op = this.parseOperator();
      values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    }
    // sets.String.List(): unique and sorted
    const r = newRequirement(key, op, [...new Set(values)].sort());
    if (!r.ok) throw new ParseError(r.error);
    return r.requirement;
  }

  private parseKeyAndInferOperator(): [string, SelectorOperator | ''] {
    let op: SelectorOperator | '' = '';
    let [tok, lit] = this.consume('values');
    if (tok === '!') {
      op = '!';
      [tok, lit] = this.consume('values');
    }
    if (tok !== 'ID') throw new ParseError(`found '${lit}', expected: identifier`);
    const errs = validateLabelKey(lit);
    // validated with the parser's nil *field.Path, which prints as "<nil>"
    if (errs.length) throw new ParseError(`<nil>: Invalid value: ${goQuote(lit)}: ${errs.join('; ')}`);
    const [next] = this.lookahead('values');
    if ((next === 'EOS' || next === ',') && op !== '!') op = 'exists';
    return [lit, op];
  }

  private parseOperator(): SelectorOperator {
    const [tok, lit] = this.consume('keyAndOperator');
    const ops: Partial<Record<Tok, SelectorOperator>> = { in: 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', notin: 'notin', '!=': '!=' };
    const op = ops[tok];
    if (!op) throw new ParseError(`found '${lit}', expected: ${binaryOperators}`);
    return op;
  }

  private parseValues(): string[] {
    let [tok, lit] = this.consume('values');
    if (tok !== '(') throw new ParseError(`found '${lit}' expected: '('`);
    [tok, lit] = this.lookahead('values');
    if (tok === 'ID' || tok === ',') {
      const s = this.parseIdentifiersList();
      if (this.consume('values')[0] !== ')') throw new ParseError(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === ')') {
      this.consume('values');
      return [''];
    }
    throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`);
  }

  // v1.33 behaviour, including its extra consume on ",," (fixed upstream after 1.33).
  private parseIdentifiersList(): string[] {
    const s = new Set<string>();
    for (;;) {
      const [tok, lit] = this.consume('values');
      if (tok === 'ID') {
        s.add(lit);
        const [tok2, lit2] = this.lookahead('values');
        if (tok2 === ',') continue;
        if (tok2 === ')') return [...s];
        throw new ParseError(`found '${lit2}', expected: ',' or ')'`);
      } else if (tok === ',') {
        if (s.size === 0) s.add('');
        const [tok2] = this.lookahead('values');
        if (tok2 === ')') {
          s.add('');
          return [...s];
        }
        if (tok2 === ',') {
          this.consume('values');
          s.add('');
        }
      } else {
        throw new ParseError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const [next] = this.lookahead('values');
    if (next === 'EOS' || next === ',') return [''];
    const [tok, lit] = this.consume('values');
    if (tok === 'ID') return [lit];
    throw new ParseError(`found '${lit}', expected: identifier`);
  }
}

/**
 * labels.Parse: the `-l` / `--selector` syntax. `error` is the text the API server puts in its
 * 400 (wrap it with listSelectorError and `Error from server (BadRequest): `).
 */
export function parseSelector(text: string): { ok: true; selector: Selector } | { ok: false; error: string } {
  try {
    return { ok: true, selector: new InternalSelector(byKey(new Parser(text).parse())) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * cli-runtime's EnhanceListError: the message of a 400/404 from a list call.
 * `resource` is the GroupVersionResource string: "/v1, Resource=pods",
 * "apps/v1, Resource=replicasets".
 */
export function listSelectorError(resource: string, labelSelector: string, fieldSelector: string, message: string): string {
  if (labelSelector === '' && fieldSelector === '') return `Unable to list ${goQuote(resource)}: ${message}`;
  return `Unable to find ${goQuote(resource)} that match label selector ${goQuote(labelSelector)}, field selector ${goQuote(fieldSelector)}: ${message}`;
}

/**
 * labels.SelectorFromSet, e.g. a Service's spec.selector: equality on every pair. An empty or
 * missing map gives Everything (callers that treat an empty service selector as "select
 * nothing", like the endpoints controllers, must check for that themselves).
 */
export function selectorFromSet(set: Record<string, string> | undefined): Selector {
  const keys = Object.keys(set ?? {});
  if (keys.length === 0) return EVERYTHING;
  return new InternalSelector(byKey(keys.map((k) => ({ key: k, operator: '=' as const, values: [set![k]!] }))));
}

const exprOps: Record<string, SelectorOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: undefined (a nil selector) → Nothing, `{}` → Everything.
 * matchLabels are visited in sorted key order (Go: random map order).
 */
export function labelSelectorAsSelector(ls: LabelSelector | undefined | null): { ok: true; selector: Selector } | { ok: false; error: string } {
  if (!ls) return { ok: true, selector: NOTHING };
  const labels = ls.matchLabels ?? {};
  const exprs = ls.matchExpressions ?? [];
  if (Object.keys(labels).length + exprs.length === 0) return { ok: true, selector: EVERYTHING };
  const reqs: Requirement[] = [];
  for (const k of Object.keys(labels).sort()) {
    const r = newRequirement(k, '=', [labels[k]!]);
    if (!r.ok) return r;
    reqs.push(r.requirement);
  }
  for (const e of exprs) {
    const op = Object.prototype.hasOwnProperty.call(exprOps, e.operator) ? exprOps[e.operator] : undefined;
    if (!op) return { ok: false, error: `${goQuote(String(e.operator))} is not a valid label selector operator` };
    const vals = e.values && e.values.length ? [...e.values] : null; // append([]string(nil), …) stays nil
    const r = newRequirement(e.key, op, vals);
    if (!r.ok) return r;
    reqs.push(r.requirement);
  }
  return { ok: true, selector: new InternalSelector(byKey(reqs)) };
}

/** LabelSelectorAsSelector for controllers: an invalid selector selects nothing. */
export function selectorFromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  const r = labelSelectorAsSelector(ls);
  return r.ok ? r.selector : NOTHING;
}

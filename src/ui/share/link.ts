// Share links: a session (scenario, seed, mode, and what was typed, on the virtual clock)
// packed into one URL parameter, and unpacked strictly. Pure: no DOM, no worker — tested alone.
//
// `?share=1.<payload>.<check>`: version 1; payload = base64url of UTF-8 JSON
// `{"s":scenario,"n":seed,"m":mode,"t":traffic,"c":[[atMs,line|rate],…]}` (a number in place of a
// line is a traffic-rate change); check = FNV-1a (32 bit, hex) of the payload text. The check is an
// integrity check against mangled or edited links, not a signature: whoever writes a link can
// compute it, so everything in a link is still validated as hostile input.

import type { RecordedCommand, RecordedTraffic } from '../../worker/contract.ts';

export const LINK_VERSION = 1;
export const PARAM = 'share';
/** The whole URL at most (browsers and chat apps cope; QR codes do not matter here). */
export const MAX_URL_CHARS = 16_000;
export const MAX_COMMANDS = 200;
export const MAX_LINE_CHARS = 500;
/** A link's commands end within this much virtual time (ms): replays stay quick. */
export const MAX_AT_MS = 2 * 3600_000;
/** Traffic a replay would simulate: connections per virtual second × seconds, summed. */
export const MAX_TRAFFIC_CONNECTIONS = 40_000;
export const MAX_TRAFFIC_RATE = 100;
export const MAX_SEED = 2 ** 31 - 1;

export type ShareMode = { kind: 'sandbox' } | { kind: 'present' } | { kind: 'lesson'; id: string } | { kind: 'demo'; id: string };

export interface SharedSession {
  scenario: string;
  seed: number;
  mode: ShareMode;
  /** Traffic rate at the start. */
  traffic: number;
  commands: (RecordedCommand | RecordedTraffic)[];
}

export type ParseOutcome = { ok: true; session: SharedSession } | { ok: false; error: string };

export interface KnownIds {
  scenarios: readonly string[];
  /** Lesson ids; undefined: lessons not known here (any well-formed id passes). */
  lessons?: readonly string[];
  demos?: readonly string[];
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Control characters (C0 but tab and line feed, DEL, C1) and bidirectional overrides that could
 *  make a line read differently from what runs. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(b64: string): string {
  const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function modeText(m: ShareMode): string {
  return m.kind === 'lesson' || m.kind === 'demo' ? `${m.kind}:${m.id}` : m.kind;
}

/** The `share` parameter's value for a session (not validated: encode what you recorded). */
export function encodeSession(s: SharedSession): string {
  const c = s.commands.map((e) => [e.atMs, 'traffic' in e ? e.traffic : e.line]);
  const payload = toBase64Url(JSON.stringify({ s: s.scenario, n: s.seed, m: modeText(s.mode), t: s.traffic, c }));
  return `${LINK_VERSION}.${payload}.${fnv1a(payload)}`;
}

/** The page URL carrying `session` (other parameters of `base` kept, an older share replaced). */
export function shareUrl(base: string, s: SharedSession): string {
  const url = new URL(base);
  url.searchParams.delete(PARAM);
  url.searchParams.delete('demo');
  url.searchParams.delete('mode');
  // The link carries these itself; left in, a damaged link would start them instead of the default.
  for (const p of ['scenario', 'seed', 'lesson']) url.searchParams.delete(p);
  url.searchParams.set(PARAM, encodeSession(s));
  return url.toString();
}

/** Commands that would not fit are dropped from the end (the caller says so to the user). */
export function fitCommands(s: SharedSession, base: string): { session: SharedSession; dropped: number } {
  let n = Math.min(s.commands.length, MAX_COMMANDS);
  const cut = (k: number) => ({ ...s, commands: s.commands.slice(0, k) });
  while (n > 0 && shareUrl(base, cut(n)).length > MAX_URL_CHARS) n--;
  return { session: cut(n), dropped: s.commands.length - n };
}

function fail(error: string): ParseOutcome {
  return { ok: false, error };
}

function parseMode(v: unknown, known: KnownIds): ShareMode | string {
  if (v === 'sandbox' || v === undefined) return { kind: 'sandbox' };
  if (v === 'present') return { kind: 'present' };
  if (typeof v !== 'string') return 'the mode is not text';
  const m = /^(lesson|demo):(.*)$/.exec(v);
  if (!m || !ID.test(m[2]!)) return 'the mode is not one of sandbox, present, lesson:ID, demo:ID';
  const kind = m[1] as 'lesson' | 'demo';
  const list = kind === 'lesson' ? known.lessons : known.demos;
  if (list && !list.includes(m[2]!)) return `there is no ${kind} "${m[2]}"`;
  return { kind, id: m[2]! };
}

/**
 * Reads a `share` parameter. Every failure is a sentence for the banner; nothing in the link is
 * trusted (sizes, types, ids, text) before it reaches the worker.
 */
export function decodeSession(param: string, known: KnownIds): ParseOutcome {
  if (param.length > MAX_URL_CHARS) return fail(`the link is longer than ${MAX_URL_CHARS} characters`);
  const parts = param.split('.');
  if (parts.length !== 3) return fail('the link is not a Proxyscope share link (it was cut or changed)');
  const [version, payload, check] = parts as [string, string, string];
  if (version !== String(LINK_VERSION)) return fail(`the link has version ${JSON.stringify(version.slice(0, 10))}; this page reads version ${LINK_VERSION}`);
  if (!/^[A-Za-z0-9_-]*$/.test(payload) || !/^[0-9a-f]{8}$/.test(check)) return fail('the link is damaged (characters that do not belong in it)');
  if (fnv1a(payload) !== check) return fail('the link is damaged (its checksum does not match: was it cut or edited?)');
  let data: unknown;
  try {
    data = JSON.parse(fromBase64Url(payload));
  } catch {
    return fail('the link is damaged (its content is not readable)');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail('the link has no session in it');
  const d = data as Record<string, unknown>;
  if (typeof d.s !== 'string' || !known.scenarios.includes(d.s)) return fail(`the link names an unknown scenario ${JSON.stringify(String(d.s).slice(0, 40))}`);
  if (typeof d.n !== 'number' || !Number.isInteger(d.n) || d.n < 0 || d.n > MAX_SEED) return fail('the link has no valid seed (a whole number)');
  const mode = parseMode(d.m, known);
  if (typeof mode === 'string') return fail(`the link's mode is not valid: ${mode}`);
  const traffic = d.t ?? 0;
  if (typeof traffic !== 'number' || !Number.isFinite(traffic) || traffic < 0 || traffic > MAX_TRAFFIC_RATE) return fail('the link has no valid traffic rate');
  if (!Array.isArray(d.c)) return fail('the link has no command list');
  if (d.c.length > MAX_COMMANDS) return fail(`the link has more than ${MAX_COMMANDS} commands`);
  const commands: (RecordedCommand | RecordedTraffic)[] = [];
  let last = 0;
  let rate = traffic;
  let load = 0;
  for (const [i, e] of d.c.entries()) {
    const n = i + 1;
    if (!Array.isArray(e) || e.length !== 2) return fail(`command ${n} of the link is not valid`);
    const [at, v] = e as [unknown, unknown];
    if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at > MAX_AT_MS) return fail(`command ${n} of the link has no valid time`);
    if (at < last) return fail(`command ${n} of the link is out of time order`);
    load += (rate * (at - last)) / 1000;
    last = at;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || v < 0 || v > MAX_TRAFFIC_RATE) return fail(`command ${n} of the link sets no valid traffic rate`);
      rate = v;
      commands.push({ atMs: at, traffic: v });
      continue;
    }
    if (typeof v !== 'string' || v.trim() === '') return fail(`command ${n} of the link is not a command`);
    if (v.length > MAX_LINE_CHARS) return fail(`command ${n} of the link is longer than ${MAX_LINE_CHARS} characters`);
    if (UNPRINTABLE.test(v)) return fail(`command ${n} of the link has characters that are not printable text`);
    commands.push({ atMs: at, line: v });
  }
  if (load > MAX_TRAFFIC_CONNECTIONS) return fail('the link would replay too much traffic');
  return { ok: true, session: { scenario: d.s, seed: d.n, mode, traffic, commands } };
}

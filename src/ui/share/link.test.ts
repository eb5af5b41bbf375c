// Share links: what goes in comes out; anything cut, edited or hostile is refused with a
// sentence for the banner (never an exception).
import { describe, expect, it } from 'vitest';
import { decodeSession, encodeSession, fitCommands, fnv1a, MAX_COMMANDS, MAX_URL_CHARS, shareUrl, type KnownIds, type SharedSession } from './link.ts';

const known: KnownIds = { scenarios: ['default', 'big'], lessons: ['05-scale-to-250'], demos: ['01-scale-to-250'] };
const session: SharedSession = {
  scenario: 'default',
  seed: 7,
  mode: { kind: 'sandbox' },
  traffic: 2,
  commands: [
    { atMs: 26_120, line: 'kubectl scale deployment auth-service --replicas=5' },
    { atMs: 30_000, traffic: 0 },
    { atMs: 31_500, line: "kubectl get pods -o wide | grep 'auth' # ünïcode ok" },
  ],
};

/** A link built from raw JSON (for hostile content the encoder would never write). */
function forge(json: unknown): string {
  const payload = Buffer.from(JSON.stringify(json)).toString('base64url');
  return `1.${payload}.${fnv1a(payload)}`;
}

describe('share links', () => {
  it('round-trips a session (every mode)', () => {
    for (const mode of [{ kind: 'sandbox' }, { kind: 'present' }, { kind: 'lesson', id: '05-scale-to-250' }, { kind: 'demo', id: '01-scale-to-250' }] as const) {
      const s = { ...session, mode };
      expect(decodeSession(encodeSession(s), known)).toEqual({ ok: true, session: s });
    }
    expect(encodeSession(session)).toMatch(/^1\.[A-Za-z0-9_-]+\.[0-9a-f]{8}$/);
  });

  it('shareUrl keeps other parameters and drops an older share, demo and mode', () => {
    const url = new URL(shareUrl('http://h/app/?animate=0&share=old&demo=x&mode=present', session));
    expect([url.pathname, url.searchParams.get('animate'), url.searchParams.get('demo'), url.searchParams.get('mode')]).toEqual(['/app/', '0', null, null]);
    expect(decodeSession(url.searchParams.get('share')!, known).ok).toBe(true);
  });

  it('refuses a link with any one character flipped (checksum or payload)', () => {
    const link = encodeSession(session);
    for (const i of [2, 10, Math.floor(link.length / 2), link.length - 3, link.length - 1]) {
      const c = link[i] === 'A' ? 'B' : 'A';
      const bad = link.slice(0, i) + c + link.slice(i + 1);
      const out = decodeSession(bad, known);
      expect(out.ok, `flip at ${i}`).toBe(false);
    }
    expect(decodeSession(link.slice(0, -12), known)).toEqual({ ok: false, error: 'the link is not a Proxyscope share link (it was cut or changed)' });
    expect(decodeSession(link.replace(/.$/, link.endsWith('0') ? '1' : '0'), known)).toEqual({ ok: false, error: 'the link is damaged (its checksum does not match: was it cut or edited?)' });
    expect(decodeSession('2' + link.slice(1), known)).toEqual({ ok: false, error: 'the link has version "2"; this page reads version 1' });
    expect(decodeSession('1.<script>.00000000', known)).toEqual({ ok: false, error: 'the link is damaged (characters that do not belong in it)' });
  });

  it('refuses hostile content with a sentence', () => {
    const base = { s: 'default', n: 1, m: 'sandbox', t: 2, c: [] as unknown[] };
    const cases: [unknown, string][] = [
      [{ ...base, s: 'nope<img src=x>' }, 'the link names an unknown scenario "nope<img src=x>"'],
      [{ ...base, n: 1.5 }, 'the link has no valid seed (a whole number)'],
      [{ ...base, n: '1' }, 'the link has no valid seed (a whole number)'],
      [{ ...base, m: 'lesson:../../x' }, "the link's mode is not valid: the mode is not one of sandbox, present, lesson:ID, demo:ID"],
      [{ ...base, m: 'lesson:99-nope' }, 'the link\'s mode is not valid: there is no lesson "99-nope"'],
      [{ ...base, t: 1e9 }, 'the link has no valid traffic rate'],
      [{ ...base, c: 'x' }, 'the link has no command list'],
      [{ ...base, c: Array.from({ length: MAX_COMMANDS + 1 }, () => [0, 'ls']) }, `the link has more than ${MAX_COMMANDS} commands`],
      [{ ...base, c: [[5, 'a'], [4, 'b']] }, 'command 2 of the link is out of time order'],
      [{ ...base, c: [[-1, 'a']] }, 'command 1 of the link has no valid time'],
      [{ ...base, c: [[1e15, 'a']] }, 'command 1 of the link has no valid time'],
      [{ ...base, c: [[1, 'x'.repeat(501)]] }, 'command 1 of the link is longer than 500 characters'],
      [{ ...base, c: [[1, 'echo \u001b[2J']] }, 'command 1 of the link has characters that are not printable text'],
      [{ ...base, c: [[1, 'rm \u202e-rf']] }, 'command 1 of the link has characters that are not printable text'],
      [{ ...base, c: [[1, {}]] }, 'command 1 of the link is not a command'],
      [{ ...base, c: [[1, '  ']] }, 'command 1 of the link is not a command'],
      [{ ...base, c: [[1, -3]] }, 'command 1 of the link sets no valid traffic rate'],
      [{ ...base, t: 100, c: [[7_000_000, 'ls']] }, 'the link would replay too much traffic'],
      [[1, 2], 'the link has no session in it'],
      [null, 'the link has no session in it'],
    ];
    for (const [json, error] of cases) expect(decodeSession(forge(json), known), JSON.stringify(json).slice(0, 60)).toEqual({ ok: false, error });
    const notJson = Buffer.from('{"s":').toString('base64url');
    expect(decodeSession(`1.${notJson}.${fnv1a(notJson)}`, known)).toEqual({ ok: false, error: 'the link is damaged (its content is not readable)' });
    const badUtf8 = Buffer.from([0xff, 0xfe]).toString('base64url');
    expect(decodeSession(`1.${badUtf8}.${fnv1a(badUtf8)}`, known)).toEqual({ ok: false, error: 'the link is damaged (its content is not readable)' });
    expect(decodeSession('1.' + 'A'.repeat(MAX_URL_CHARS), known)).toEqual({ ok: false, error: `the link is longer than ${MAX_URL_CHARS} characters` });
  });

  it('fitCommands drops commands from the end until the URL fits', () => {
    const long: SharedSession = { ...session, commands: Array.from({ length: 150 }, (_, i) => ({ atMs: 26_000 + i, line: `echo ${'x'.repeat(200)} ${i}` })) };
    const { session: fitted, dropped } = fitCommands(long, 'http://127.0.0.1:4173/');
    expect(dropped).toBeGreaterThan(0);
    expect(fitted.commands).toEqual(long.commands.slice(0, 150 - dropped));
    expect(shareUrl('http://127.0.0.1:4173/', fitted).length).toBeLessThanOrEqual(MAX_URL_CHARS);
    expect(shareUrl('http://127.0.0.1:4173/', { ...long, commands: long.commands.slice(0, 151 - dropped) }).length).toBeGreaterThan(MAX_URL_CHARS);
  });
});

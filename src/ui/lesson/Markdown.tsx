// Lesson prose as React elements: `marked` tokenises the Markdown, this walks the tokens. No
// HTML string is ever built or injected — raw HTML in a lesson shows as the literal text it is,
// and links go out only to http(s) or in-page addresses.
import { Lexer, type Token, type Tokens } from 'marked';
import { Fragment, memo, type ReactNode } from 'react';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

/** Marked leaves character references in text as written (an HTML renderer lets the browser decode them). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+[0-9]*);/gi, (all, name: string) => {
    const known = ENTITIES[name.toLowerCase()];
    if (known !== undefined) return known;
    if (name[0] !== '#') return all;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : all;
  });
}

/** http(s), mailto, an in-page anchor or a relative path; anything else (javascript:, data:) is not a link. */
export function safeHref(href: string): string | undefined {
  const h = href.trim();
  if (/^(https?:|mailto:)/i.test(h) || h.startsWith('#')) return h;
  if (/^[a-z][a-z0-9+.-]*:/i.test(h) || h.startsWith('//')) return undefined;
  return h;
}

function inline(tokens: Token[] | undefined): ReactNode {
  return tokens?.map((t, i) => <Fragment key={i}>{inlineOne(t)}</Fragment>);
}

function inlineOne(t: Token): ReactNode {
  switch (t.type) {
    case 'text': {
      const tt = t as Tokens.Text;
      return tt.tokens ? inline(tt.tokens) : decodeEntities(tt.text);
    }
    case 'escape':
      return (t as Tokens.Escape).text;
    case 'strong':
      return <strong>{inline((t as Tokens.Strong).tokens)}</strong>;
    case 'em':
      return <em>{inline((t as Tokens.Em).tokens)}</em>;
    case 'del':
      return <del>{inline((t as Tokens.Del).tokens)}</del>;
    case 'codespan':
      return <code>{decodeEntities((t as Tokens.Codespan).text)}</code>;
    case 'br':
      return <br />;
    case 'link': {
      const l = t as Tokens.Link;
      const href = safeHref(l.href);
      if (!href) return inline(l.tokens);
      const external = /^https?:/i.test(href);
      return (
        <a href={href} title={l.title ?? undefined} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
          {inline(l.tokens)}
        </a>
      );
    }
    case 'image':
      // No images from lesson text: the alt text stands in.
      return (t as Tokens.Image).text;
    case 'html':
      return (t as Tokens.HTML).text;
    case 'checkbox':
      return <input type="checkbox" checked={(t as Tokens.Checkbox).checked} readOnly disabled />;
    default:
      return 'text' in t && typeof t.text === 'string' ? t.text : null;
  }
}

function block(t: Token, key: number): ReactNode {
  switch (t.type) {
    case 'space':
      return null;
    case 'paragraph':
      return <p key={key}>{inline((t as Tokens.Paragraph).tokens)}</p>;
    case 'heading': {
      const h = t as Tokens.Heading;
      // Steps are h2 in the panel; headings inside the prose sit below them.
      const Tag = (['h3', 'h4', 'h5', 'h6'] as const)[Math.min(3, Math.max(0, h.depth - 1))]!;
      return <Tag key={key}>{inline(h.tokens)}</Tag>;
    }
    case 'code':
      return (
        <pre key={key}>
          <code>{(t as Tokens.Code).text}</code>
        </pre>
      );
    case 'blockquote':
      return <blockquote key={key}>{blocks((t as Tokens.Blockquote).tokens)}</blockquote>;
    case 'hr':
      return <hr key={key} />;
    case 'list': {
      const l = t as Tokens.List;
      const items = l.items.map((item, i) => <li key={i}>{item.loose ? blocks(item.tokens) : inline(item.tokens)}</li>);
      return l.ordered ? (
        <ol key={key} start={typeof l.start === 'number' && l.start !== 1 ? l.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'table': {
      const tb = t as Tokens.Table;
      const align = (i: number) => tb.align[i] ?? undefined;
      return (
        <table key={key}>
          <thead>
            <tr>
              {tb.header.map((c, i) => (
                <th key={i} style={{ textAlign: align(i) }}>
                  {inline(c.tokens)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tb.rows.map((row, r) => (
              <tr key={r}>
                {row.map((c, i) => (
                  <td key={i} style={{ textAlign: align(i) }}>
                    {inline(c.tokens)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'html':
      // Raw HTML is never rendered: it shows as the text it is.
      return <p key={key}>{(t as Tokens.HTML).text}</p>;
    case 'text': {
      const tt = t as Tokens.Text;
      return <p key={key}>{tt.tokens ? inline(tt.tokens) : decodeEntities(tt.text)}</p>;
    }
    default:
      return null;
  }
}

function blocks(tokens: Token[]): ReactNode {
  return tokens.map((t, i) => block(t, i));
}

/** Renders lesson Markdown (GitHub-flavoured: tables, strikethrough) without raw HTML. */
export const Markdown = memo(function Markdown({ text, className }: { text: string; className?: string }) {
  const tokens = Lexer.lex(text, { gfm: true });
  return <div className={className ?? 'ps-md'}>{blocks(tokens)}</div>;
});

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown, decodeEntities, safeHref } from './Markdown.tsx';

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe('lesson Markdown (no raw HTML)', () => {
  it('renders prose, code, lists and links', () => {
    expect(html('Run `kubectl get pods` **now**.\n\n- one\n- [docs](https://kubernetes.io/docs/)\n\n```\nkubectl scale\n```')).toBe(
      '<div class="ps-md"><p>Run <code>kubectl get pods</code> <strong>now</strong>.</p><ul><li>one</li><li><a href="https://kubernetes.io/docs/" target="_blank" rel="noopener noreferrer">docs</a></li></ul><pre><code>kubectl scale</code></pre></div>',
    );
  });

  it('raw HTML shows as text, inline and as a block', () => {
    expect(html('a <img src=x onerror="alert(1)"> b\n\n<script>alert(2)</script>')).toBe(
      '<div class="ps-md"><p>a &lt;img src=x onerror=&quot;alert(1)&quot;&gt; b</p><p>&lt;script&gt;alert(2)&lt;/script&gt;</p></div>',
    );
  });

  it('javascript: and data: links are not links', () => {
    expect(html('[x](javascript:alert(1)) [y](data:text/html,hi)')).toBe('<div class="ps-md"><p>x y</p></div>');
    expect(safeHref('JavaScript:alert(1)')).toBeUndefined();
    expect(safeHref('//evil.example/')).toBeUndefined();
    expect(safeHref('#step-2')).toBe('#step-2');
  });

  it('character references decode to text (never to markup)', () => {
    expect(decodeEntities('a &amp; b &lt;i&gt; &#39;c&#39; &#x41; &bogus;')).toBe("a & b <i> 'c' A &bogus;");
    expect(html('x &lt;b&gt; y')).toBe('<div class="ps-md"><p>x &lt;b&gt; y</p></div>');
  });
});

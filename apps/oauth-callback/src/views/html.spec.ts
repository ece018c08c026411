import { escapeHtml, html, page, raw } from './html.js';

describe('escapeHtml', () => {
  it('when text has markup characters, then each is escaped', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });
});

describe('html', () => {
  it('when values are interpolated, then they are escaped unless marked raw', () => {
    expect(html`<p>${'<b>'}</p>${raw('<i>ok</i>')}`.__html).toBe('<p>&lt;b&gt;</p><i>ok</i>');
  });
});

describe('page', () => {
  it('when the title has markup, then the <title> holds it escaped', () => {
    const out = page({ title: '<script>alert(1)</script>', kind: 'fail', body: html`<p>x</p>` });
    expect(out).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(out).not.toContain('<script>');
  });
});

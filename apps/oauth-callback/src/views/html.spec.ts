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
    expect(out).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; · attio-auth</title>');
    expect(out).not.toContain('<script>');
  });

  it('when branding has markup, then the name, logo and help link are escaped', () => {
    const out = page({
      title: 'x',
      kind: 'ok',
      body: html`<p>x</p>`,
      branding: {
        appName: '<b>Acme</b>',
        supportUrl: 'https://help.example.com/?a="><script>',
        logoUrl: 'https://cdn.example.com/logo.png"onerror="x',
      },
    });
    expect(out).toContain('<span id="app-name">&lt;b&gt;Acme&lt;/b&gt;</span>');
    expect(out).toContain('href="https://help.example.com/?a=&quot;&gt;&lt;script&gt;"');
    expect(out).toContain(
      '<img src="https://cdn.example.com/logo.png&quot;onerror=&quot;x" alt="">',
    );
    expect(out).not.toContain('<script>');
  });

  it('when no support URL is configured, then there is no help footer', () => {
    expect(page({ title: 'x', kind: 'fail', body: html`` })).not.toContain('<footer>');
  });
});

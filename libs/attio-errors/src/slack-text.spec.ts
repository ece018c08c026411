import { escapeSlackText } from './slack-text.js';

describe('escapeSlackText', () => {
  it('when text holds a channel ping and a disguised link, then both become plain text', () => {
    expect(escapeSlackText('<!channel> URGENT <https://evil.example/x|Click here>')).toBe(
      '&lt;!channel&gt; URGENT &lt;https://evil.example/x|Click here&gt;',
    );
  });

  it('when text holds user/channel mentions and ampersands, then each of & < > is escaped once', () => {
    expect(escapeSlackText('R&D <@U123> <#C456> a > b &amp;')).toBe(
      'R&amp;D &lt;@U123&gt; &lt;#C456&gt; a &gt; b &amp;amp;',
    );
  });

  it('when text has nothing to escape, then it is returned unchanged', () => {
    expect(escapeSlackText(':red_circle: Acme "ok" *bold* _it_')).toBe(
      ':red_circle: Acme "ok" *bold* _it_',
    );
    expect(escapeSlackText('')).toBe('');
  });
});

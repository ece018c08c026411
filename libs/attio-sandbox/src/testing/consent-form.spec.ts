import { parseConsentForm } from './consent-form.js';

const PAGE = `<html><body><form method="post" action="/authorize/decision">
<input type="hidden" name="client_id" value="c&amp;1"><input type="hidden" name="state" value="s">
<input type="text" name="ignored" value="x">
<select id="workspace_id" name="workspace_id"><option value="w1">Acme (acme)</option><option value="w2">Globex &lt;2&gt;</option></select>
<button type="submit" name="decision" value="approve">Approve</button><button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`;

describe('parseConsentForm', () => {
  it('when given a consent page, then it reads action, hidden inputs, options and buttons', () => {
    expect(parseConsentForm(PAGE, 'http://127.0.0.1:5000/authorize?x=1')).toEqual({
      action: 'http://127.0.0.1:5000/authorize/decision',
      method: 'post',
      hidden: { client_id: 'c&1', state: 's' },
      select: {
        name: 'workspace_id',
        options: [
          { value: 'w1', label: 'Acme (acme)' },
          { value: 'w2', label: 'Globex <2>' },
        ],
      },
      buttons: [
        { name: 'decision', value: 'approve', label: 'Approve' },
        { name: 'decision', value: 'deny', label: 'Deny' },
      ],
    });
  });

  it('when the page has no form, then it says so', () => {
    expect(() => parseConsentForm('<p>error</p>', 'http://127.0.0.1:5000/authorize')).toThrow(
      'The consent page at http://127.0.0.1:5000 has no <form>: <p>error</p>',
    );
  });
});

import { buildAlertPayload, targetLabel } from './alert-message.js';

describe('buildAlertPayload', () => {
  const base = {
    target: { kind: 'connection' as const, workspaceId: 'ws_1', name: 'Acme' },
    missingScopes: [] as string[],
    errorCode: null,
    consecutiveFailures: 0,
    checkedAt: new Date('2026-02-03T04:05:06.000Z'),
  };

  it('when a token breaks, then the text says what changed and what to do, and the fields are structured', () => {
    expect(
      buildAlertPayload({
        ...base,
        decision: { alert: true, kind: 'problem' },
        previous: 'healthy',
        status: 'under_scoped',
        missingScopes: ['note:read'],
        detail: 'The token lacks required scope: note:read.',
      }),
    ).toEqual({
      text:
        ':red_circle: Attio token health: workspace "Acme" (ws_1) is now under_scoped (was healthy). The token lacks required scope: note:read. ' +
        'Grant the missing scopes in Attio, then reinstall or edit the token.',
      event: 'attio_token_health.status_changed',
      kind: 'problem',
      target: { kind: 'connection', workspaceId: 'ws_1', name: 'Acme' },
      previousStatus: 'healthy',
      status: 'under_scoped',
      missingScopes: ['note:read'],
      errorCode: null,
      detail: 'The token lacks required scope: note:read.',
      consecutiveFailures: 0,
      checkedAt: '2026-02-03T04:05:06.000Z',
    });
  });

  it('when a token recovers or stays unreachable, then the headline says so', () => {
    const recovered = buildAlertPayload({
      ...base,
      decision: { alert: true, kind: 'recovered' },
      previous: 'revoked',
      status: 'healthy',
      detail: 'ok.',
    });
    expect(recovered.text).toBe(
      ':large_green_circle: Attio token health: workspace "Acme" (ws_1) recovered: healthy again (was revoked). ok. No action needed.',
    );
    const unreachable = buildAlertPayload({
      ...base,
      target: { kind: 'token', name: 'sync' },
      decision: { alert: true, kind: 'unreachable' },
      previous: 'failed_to_check',
      status: 'failed_to_check',
      consecutiveFailures: 3,
      errorCode: 'ATTIO_TIMEOUT',
      detail: 'timed out.',
    });
    expect(unreachable.text).toBe(
      ':warning: Attio token health: token "sync" could not be checked 3 times in a row. timed out. Check network access to Attio and Attio status; the token itself may be fine.',
    );
  });

  it('when a workspace name holds Slack control sequences, then the text escapes them and the fields keep the name', () => {
    const name = '<!channel> URGENT <https://evil.example/x|Click here> & co';
    const alert = buildAlertPayload({
      ...base,
      target: { kind: 'connection', workspaceId: 'ws_1', name },
      decision: { alert: true, kind: 'problem' },
      previous: 'healthy',
      status: 'revoked',
      detail: 'Attio said <b>no</b>.',
    });
    expect(alert.text).toBe(
      ':red_circle: Attio token health: workspace "&lt;!channel&gt; URGENT &lt;https://evil.example/x|Click here&gt; &amp; co" (ws_1) ' +
        'is now revoked (was healthy). Attio said &lt;b&gt;no&lt;/b&gt;. ' +
        'Ask the workspace to reinstall the app (or issue a new access token).',
    );
    expect(alert.text).not.toMatch(/[<>]/);
    // Generic receivers get the raw values in the structured fields and escape for their own medium.
    expect(alert.target).toEqual({ kind: 'connection', workspaceId: 'ws_1', name });
    expect(alert.detail).toBe('Attio said <b>no</b>.');
  });

  it('when a connection has no name, then the label is its workspace id', () => {
    expect(targetLabel({ kind: 'connection', workspaceId: 'ws_9', name: null })).toBe(
      'workspace ws_9',
    );
  });
});

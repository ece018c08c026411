import { targetLabel } from './check-target.js';

describe('targetLabel', () => {
  it('when a connection has a name, then the label quotes it and keeps the workspace id', () => {
    expect(targetLabel({ kind: 'connection', workspaceId: 'ws_1', name: 'Acme' })).toBe(
      'workspace "Acme" (ws_1)',
    );
  });

  it('when a connection has no name, then the label is its workspace id', () => {
    expect(targetLabel({ kind: 'connection', workspaceId: 'ws_9', name: null })).toBe(
      'workspace ws_9',
    );
  });

  it('when the target is a tokens-file entry, then the label names the entry', () => {
    expect(targetLabel({ kind: 'token', name: 'sync' })).toBe('token "sync"');
  });
});

/**
 * All mutable sandbox state: workspaces (seeded lazily, so creating thousands for a benchmark is cheap),
 * OAuth apps, tokens and authorization codes. Every lookup on the request path is a Map get.
 */
import type { CreateTokenInput, SandboxApp, SandboxWorkspace } from '../types.js';
import { newAccessToken, newId, newSecret, tokenIdOf } from './ids.js';
import {
  checkRedirectUri,
  nonEmpty,
  SandboxInputError,
  stringList,
} from './sandbox-input-error.js';
import { seedWorkspace } from './seed-workspace.js';
import type { WorkspaceData } from './workspace-data.js';

/** A token and everything `/v2/self` reports about it. */
export interface TokenRecord {
  readonly token: string;
  /** Short hash used by counters; never the token itself. */
  readonly id: string;
  readonly workspaceId: string;
  readonly clientId: string;
  scopes: string[];
  readonly level: 'workspace' | 'user';
  active: boolean;
  /** Issued-at, epoch seconds. */
  readonly issuedAt: number;
  readonly authorizedBy: string;
  /** When and how it was revoked (epoch ms, sandbox clock); cleared by a restore. */
  revoked: { readonly at: number; readonly via: 'endpoint' | 'admin' | 'uninstall' } | undefined;
  /** Serialised active `/v2/self` body, rebuilt after any change (keeps the hot path allocation-free). */
  selfBody: string | undefined;
}

/** A single-use authorization code (RFC 6749 §4.1.2: short-lived, bound to client and redirect URI). */
export interface CodeRecord {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly workspaceId: string;
  readonly expiresAt: number;
  used: boolean;
}

interface WorkspaceEntry {
  readonly workspace: SandboxWorkspace;
  readonly adminMemberId: string;
  readonly createdAt: number;
  data: WorkspaceData | undefined;
}

/** Codes expire after 10 minutes (RFC 6749 §4.1.2 recommends at most 10). */
export const CODE_TTL_MS = 10 * 60 * 1000;

/**
 * The sandbox's in-memory world.
 *
 * @example
 * ```ts
 * const state = new SandboxState(() => Date.now());
 * const ws = state.createWorkspace({ name: 'Acme', slug: 'acme' });
 * const token = state.createToken({ workspaceId: ws.id, scopes: ['user_management:read'] });
 * ```
 */
export class SandboxState {
  private readonly workspaces = new Map<string, WorkspaceEntry>();
  private readonly slugs = new Set<string>();
  readonly apps = new Map<string, SandboxApp>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly codes = new Map<string, CodeRecord>();

  constructor(private readonly now: () => number) {}

  createWorkspace(input: { name: string; slug: string }): SandboxWorkspace {
    const name = nonEmpty(input?.name, 'name');
    const slug = nonEmpty(input?.slug, 'slug');
    if (this.slugs.has(slug))
      throw new SandboxInputError(`Workspace slug "${slug}" is taken: choose another slug.`);
    const workspace: SandboxWorkspace = { id: newId(), name, slug };
    this.slugs.add(slug);
    this.workspaces.set(workspace.id, {
      workspace,
      adminMemberId: newId(),
      createdAt: this.now(),
      data: undefined,
    });
    return workspace;
  }

  listWorkspaces(): SandboxWorkspace[] {
    return [...this.workspaces.values()].map((e) => e.workspace);
  }

  workspace(id: string): SandboxWorkspace | undefined {
    return this.workspaces.get(id)?.workspace;
  }

  /** The workspace's members, objects, records… seeded on first use. */
  data(workspaceId: string): WorkspaceData | undefined {
    const entry = this.workspaces.get(workspaceId);
    if (!entry) return undefined;
    entry.data ??= seedWorkspace(entry.workspace, entry.adminMemberId, entry.createdAt);
    return entry.data;
  }

  createApp(input: {
    name: string;
    redirectUris: readonly string[];
    scopes: readonly string[];
  }): SandboxApp {
    const app: SandboxApp = {
      clientId: newId(),
      clientSecret: newSecret(),
      name: nonEmpty(input?.name, 'name'),
      redirectUris: stringList(input?.redirectUris, 'redirectUris').map((u) => checkRedirectUri(u)),
      scopes: stringList(input?.scopes, 'scopes'),
    };
    this.apps.set(app.clientId, app);
    return app;
  }

  app(clientId: string): SandboxApp {
    const app = this.apps.get(clientId);
    if (!app)
      throw new SandboxInputError(
        `Unknown app "${clientId}": create it with admin.createApp first.`,
        404,
      );
    return app;
  }

  createToken(input: CreateTokenInput): string {
    const entry = this.workspaces.get(input?.workspaceId);
    if (!entry) {
      throw new SandboxInputError(
        `Unknown workspace "${String(input?.workspaceId)}": create it with admin.createWorkspace first.`,
        404,
      );
    }
    const level = input.level ?? 'workspace';
    if (level !== 'workspace' && level !== 'user')
      throw new SandboxInputError('"level" must be "workspace" or "user".');
    if (input.clientId !== undefined) this.app(input.clientId);
    const token = newAccessToken();
    this.tokens.set(token, {
      token,
      id: tokenIdOf(token),
      workspaceId: entry.workspace.id,
      // A workspace access token has its own client id in Attio; OAuth tokens carry their app's.
      clientId: input.clientId ?? newId(),
      scopes: stringList(input.scopes, 'scopes'),
      level,
      active: true,
      issuedAt: Math.floor(this.now() / 1000),
      authorizedBy: entry.adminMemberId,
      revoked: undefined,
      selfBody: undefined,
    });
    return token;
  }

  tokenRecord(token: string): TokenRecord {
    const record = typeof token === 'string' ? this.tokens.get(token) : undefined;
    if (!record)
      throw new SandboxInputError('Unknown token: create it with admin.createToken first.', 404);
    return record;
  }

  setTokenScopes(token: string, scopes: readonly string[]): void {
    const record = this.tokenRecord(token);
    record.scopes = stringList(scopes, 'scopes');
    record.selfBody = undefined;
  }

  setTokenActive(token: string, active: boolean, via: 'endpoint' | 'admin' = 'admin'): void {
    this.markActive(this.tokenRecord(token), active, via);
  }

  private markActive(
    record: TokenRecord,
    active: boolean,
    via: 'endpoint' | 'admin' | 'uninstall',
  ): void {
    if (record.active === active) return;
    record.active = active;
    record.revoked = active ? undefined : { at: this.now(), via };
    record.selfBody = undefined;
  }

  /** Revokes every token of the app in the workspace (what uninstalling does in Attio); returns how many. */
  uninstallApp(clientId: string, workspaceId: string): number {
    this.app(clientId);
    if (!this.workspaces.has(workspaceId))
      throw new SandboxInputError(`Unknown workspace "${workspaceId}".`, 404);
    let revoked = 0;
    for (const record of this.tokens.values()) {
      if (record.clientId === clientId && record.workspaceId === workspaceId && record.active) {
        this.markActive(record, false, 'uninstall');
        revoked += 1;
      }
    }
    return revoked;
  }

  /** Stores a new authorization code for an approved consent and returns it. */
  issueCode(clientId: string, redirectUri: string, workspaceId: string): string {
    const now = this.now();
    for (const [code, record] of this.codes)
      if (record.expiresAt <= now - CODE_TTL_MS) this.codes.delete(code);
    const code = newSecret();
    this.codes.set(code, {
      clientId,
      redirectUri,
      workspaceId,
      expiresAt: now + CODE_TTL_MS,
      used: false,
    });
    return code;
  }
}

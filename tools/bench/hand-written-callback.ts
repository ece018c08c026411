/**
 * The callback a team would write by hand instead of running the service: the baseline of the install
 * benchmark (install.bench.ts). Express 5, an in-memory state map, the code exchange and `/v2/self` by
 * `fetch`, and one INSERT into a SQLite file (better-sqlite3, WAL, as the service's SQLite driver opens it).
 *
 * Plain and honest: it checks the state (known, unexpired, single use), exchanges the code, identifies the
 * token (an inactive one is refused) and stores it. What it leaves out is what the service adds: token
 * encryption, the state cookie binding, request limits, request ids, logging, metrics, retries, timeouts,
 * revoking a replaced token. The token is stored in plain text, as such a minimal app would.
 * Not used by apps or libs; a benchmark baseline only.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import Database from 'better-sqlite3';
import express from 'express';

export interface HandWrittenOptions {
  /** Base URL of the OAuth server (token endpoint at `/oauth/token`, consent at `/authorize`). */
  oauthUrl: string;
  /** Base URL of the REST API (`/v2/self`). */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** The SQLite file to store connections in (created if missing). */
  sqlitePath: string;
}

export interface HandWrittenCallback {
  url: string;
  redirectUri: string;
  /** Rows in the connections table. */
  count(): number;
  close(): Promise<void>;
}

const STATE_TTL_MS = 10 * 60_000;

interface SelfAnswer {
  active: boolean;
  workspace_id?: string;
  workspace_name?: string;
  scope?: string;
}

/** Starts the hand-written callback app on 127.0.0.1, port 0. */
export async function startHandWrittenCallback(
  options: HandWrittenOptions,
): Promise<HandWrittenCallback> {
  const db = new Database(options.sqlitePath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS connections (
    workspace_id TEXT PRIMARY KEY,
    workspace_name TEXT,
    scope TEXT,
    access_token TEXT NOT NULL,
    installed_at TEXT NOT NULL
  )`);
  const insert = db.prepare(
    `INSERT INTO connections (workspace_id, workspace_name, scope, access_token, installed_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (workspace_id) DO UPDATE SET workspace_name = excluded.workspace_name,
       scope = excluded.scope, access_token = excluded.access_token, installed_at = excluded.installed_at`,
  );
  const states = new Map<string, number>();
  let redirectUri = '';

  const app = express();
  app.get('/install', (_req, res) => {
    const state = randomBytes(16).toString('base64url');
    states.set(state, Date.now() + STATE_TTL_MS);
    const to = new URL('/authorize', options.oauthUrl);
    to.search = new URLSearchParams({
      client_id: options.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      state,
    }).toString();
    res.redirect(302, to.toString());
  });

  app.get('/oauth/callback', async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    const expires = states.get(state);
    states.delete(state);
    if (expires === undefined || expires < Date.now() || code === '') {
      res.status(400).json({ error: 'invalid_state' });
      return;
    }
    const tokenRes = await fetch(new URL('/oauth/token', options.oauthUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uri: redirectUri,
      }),
    });
    if (!tokenRes.ok) {
      await tokenRes.body?.cancel();
      res.status(502).json({ error: 'exchange_failed' });
      return;
    }
    const { access_token: token } = (await tokenRes.json()) as { access_token?: string };
    if (!token) {
      res.status(502).json({ error: 'exchange_failed' });
      return;
    }
    const selfRes = await fetch(new URL('/v2/self', options.apiUrl), {
      headers: { authorization: `Bearer ${token}` },
    });
    const self = (await selfRes.json()) as SelfAnswer;
    if (!selfRes.ok || !self.active || !self.workspace_id) {
      res.status(502).json({ error: 'identify_failed' });
      return;
    }
    insert.run(
      self.workspace_id,
      self.workspace_name ?? null,
      self.scope ?? null,
      token,
      new Date().toISOString(),
    );
    res.json({ installed: true, workspaceId: self.workspace_id });
  });

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  redirectUri = `${url}/oauth/callback`;

  // Expired states would pile up in a long-running process; sweep them now and then.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [s, exp] of states) if (exp < now) states.delete(s);
  }, 60_000);
  sweep.unref();

  return {
    url,
    redirectUri,
    count: () => (db.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n,
    close: async () => {
      clearInterval(sweep);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((e) => (e ? reject(e) : resolve())),
      );
      db.close();
    },
  };
}

/**
 * `npm run bench -- tracing`: what attio-core's diagnostics channels cost, with nobody listening and with
 * OpenTelemetry spans on.
 *
 * A local node:http server (in a child process) answers a fixed `/v2/self` body. 20,000 GETs at concurrency 32
 * go through (1) raw undici@7 `request` (the floor), (2) attio-core with no subscriber on any channel (what
 * every untraced process runs: no context object is built), (3) attio-core with a no-op TracingChannel
 * subscriber (contexts built and published), and (4) attio-core with `subscribeAttioTracing` on a real SDK
 * tracer provider that records every span (always-on sampler, no exporter, so export cost is not measured).
 * Variants run interleaved for several rounds (the machine is shared and noisy); best and median rounds are
 * reported with ratios vs "no subscriber", measured in the same process.
 *
 * Options: `--requests=N` (20000), `--concurrency=N` (32), `--rounds=N` (3).
 */
import { spawn } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Agent, request as undiciRequest } from 'undici';
import { ATTIO_TRACING_CHANNELS, createAttioClient } from '@attio-auth/attio-core';
import { subscribeAttioTracing } from '@attio-auth/attio-otel';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
  },
  allowPositionals: true,
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const TOKEN = 'bench_0123456789abcdef0123456789abcdef';

const SERVER_SOURCE = `
const http = require('node:http');
const body = JSON.stringify({
  active: true, scope: 'record_permission:read', client_id: 'cli_bench', token_type: 'Bearer', exp: null,
  iat: 1767225600, sub: 'ws_bench', aud: 'cli_bench', iss: 'attio.com', workspace_id: 'ws_bench',
  workspace_name: 'Bench', workspace_slug: 'bench', workspace_logo_url: null,
  authorized_by_workspace_member_id: 'wm_bench',
});
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-request-id': 'req_bench' });
  res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

async function rps(fn: () => Promise<unknown>, total: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      next += 1;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (total / (performance.now() - started)) * 1000;
}

/** A variant: what to attach before it runs (returns the detach) and one request. */
interface Variant {
  readonly name: string;
  readonly attach: () => () => void;
  readonly send: () => Promise<unknown>;
}

function noopChannelSubscribers(): () => void {
  const noop = (): void => undefined;
  const handlers = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };
  const call = diagnosticsChannel.tracingChannel(ATTIO_TRACING_CHANNELS.call);
  const attempt = diagnosticsChannel.tracingChannel(ATTIO_TRACING_CHANNELS.attempt);
  call.subscribe(handlers);
  attempt.subscribe(handlers);
  return () => {
    call.unsubscribe(handlers);
    attempt.unsubscribe(handlers);
  };
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['-e', SERVER_SOURCE], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const base = `http://127.0.0.1:${chunk.toString().trim()}`;
  const url = `${base}/v2/self`;
  const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json' };
  const undiciAgent = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const client = createAttioClient({ token: TOKEN, baseUrl: base, rateLimit: false });
  // Records every span (the default sampler is always-on) and hands it to no processor.
  const provider = new BasicTracerProvider();
  const nothing = (): (() => void) => () => undefined;

  const variants: Variant[] = [
    {
      name: 'undici.request',
      attach: nothing,
      send: async () =>
        (await undiciRequest(url, { headers, dispatcher: undiciAgent })).body.json(),
    },
    { name: 'no subscriber', attach: nothing, send: () => client.get('/v2/self') },
    {
      name: 'no-op subscriber',
      attach: noopChannelSubscribers,
      send: () => client.get('/v2/self'),
    },
    {
      name: 'OTel spans',
      attach: () => subscribeAttioTracing({ tracerProvider: provider }),
      send: () => client.get('/v2/self'),
    },
  ];

  console.log(
    `tracing: ${REQUESTS} GET /v2/self at concurrency ${CONCURRENCY}, ${ROUNDS} interleaved rounds`,
  );
  for (const v of variants) {
    const detach = v.attach();
    await rps(v.send, 2000);
    detach();
  }
  const all = new Map<string, number[]>();
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const v of variants) {
      const detach = v.attach();
      const r = await rps(v.send, REQUESTS);
      detach();
      console.log(`  round ${round} ${v.name.padEnd(17)} ${r.toFixed(0).padStart(7)} req/s`);
      all.set(v.name, [...(all.get(v.name) ?? []), r]);
    }
  }
  const median = (xs: readonly number[]): number =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const best = (xs: readonly number[]): number => Math.max(...xs);
  const ref = all.get('no subscriber') ?? [];
  console.log('\n  variant            best req/s  median req/s  median vs no subscriber');
  for (const [name, xs] of all) {
    console.log(
      `  ${name.padEnd(17)} ${best(xs).toFixed(0).padStart(11)} ${median(xs).toFixed(0).padStart(13)} ${(median(xs) / median(ref)).toFixed(2).padStart(10)}x`,
    );
  }
  const floor = all.get('undici.request') ?? [];
  console.log(
    `\n  no subscriber / undici.request = ${(median(ref) / median(floor)).toFixed(2)}x (the transport bench's target is >= 0.75)`,
  );

  await provider.shutdown();
  await undiciAgent.close();
  child.kill();
}

await main();

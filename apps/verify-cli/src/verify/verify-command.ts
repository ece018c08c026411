import { createAttioClient, type SelfResult } from '@attio-auth/attio-core';
import { remedyFor } from '@attio-auth/attio-errors';
import type { VerifyOptions } from '../cli/args.js';
import { fail, pass, skip, type CheckResult } from '../checks/check-result.js';
import { classifyError } from '../checks/classify-error.js';
import { hygieneCheck } from '../checks/hygiene.js';
import { identityCheck } from '../checks/identity-check.js';
import { liveCall } from '../checks/live-call.js';
import {
  RequirementError,
  resolveRequirements,
  type Requirements,
} from '../checks/required-scopes.js';
import { scopesCheck } from '../checks/scopes-check.js';
import {
  ConfigError,
  DEFAULT_API_BASE_URL,
  describeConfigError,
  hasUserinfo,
  isHttpUrl,
  loadConfig,
} from '../config.js';
import { SetupError } from '../setup-error.js';
import type { CliIo } from '../io.js';
import { emptyVerifyReport, type VerifyReport } from '../output/report.js';
import type { SecretMask } from '../output/secret-mask.js';
import { loadEnvSources } from '../token/env-sources.js';
import { tokenFromStore } from '../token/store-token.js';
import { resolveToken, type TokenSource } from '../token/token-source.js';
import { tokenShapeProblems } from '../token/token-shape.js';
import { VERSION } from '../version.js';

type CheckMap = Partial<Record<CheckResult['id'], CheckResult>>;
const API_CHECK_ORDER = ['token_shape', 'reachability', 'identity', 'scopes', 'live_call'] as const;

/**
 * `attio-verify [verify]`: resolves the token, then runs the checks in order, each one line.
 * A check that cannot run because an earlier one failed is reported as skipped with the reason,
 * so the six lines (and the JSON `checks` array) are always the same six, in the same order.
 */
export async function runVerify(
  options: VerifyOptions,
  io: CliIo,
  mask: SecretMask,
): Promise<VerifyReport> {
  const report = emptyVerifyReport();
  const setup = await prepare(options, io, mask, report);
  if (!setup) return report;
  const { requirements, source } = setup;
  const checks: CheckMap = {};
  let notRunBecause: string;
  const problems = tokenShapeProblems(source.token);
  if (problems.length > 0) {
    checks.token_shape = fail(
      'token_shape',
      'token_invalid',
      `token from ${source.label} is malformed: ${problems.map((p) => p.message).join('; ')}`,
      {
        errorCode: 'ATTIO_INVALID_TOKEN_FORMAT',
        remedy: {
          cause: remedyFor('ATTIO_INVALID_TOKEN_FORMAT').cause,
          action: problems.map((p) => p.fix).join(' '),
        },
      },
    );
    notRunBecause = 'the token is malformed';
  } else {
    checks.token_shape = pass(
      'token_shape',
      `token from ${source.label}, ${source.token.length} characters`,
      source.kind === 'flag'
        ? [
            'passed on the command line: visible in shell history and ps; prefer --token-stdin or ATTIO_API_KEY',
          ]
        : [],
    );
    notRunBecause = await runApiChecks({
      options,
      io,
      report,
      checks,
      source,
      requirements,
      baseUrl: report.baseUrl as string,
    });
  }
  report.checks = [
    ...API_CHECK_ORDER.map((id) => checks[id] ?? skip(id, `not run: ${notRunBecause}`)),
    await hygieneCheck({ source: source.kind, cwd: io.cwd, env: io.env }),
  ];
  return report;
}

/** Config, base URL, requirements and token; on a usage/config problem sets report.error. */
async function prepare(
  options: VerifyOptions,
  io: CliIo,
  mask: SecretMask,
  report: VerifyReport,
): Promise<{ requirements: Requirements; source: TokenSource } | undefined> {
  try {
    const env = await loadEnvSources(io);
    const config = loadConfig(env.merged(), 'verify');
    mask.add(config.store.tokenEncryptionKeys);
    if (options.baseUrl !== undefined && !isHttpUrl(options.baseUrl)) {
      // Never the value: it may hold user:password@.
      report.error = {
        outcome: 'usage_error',
        message: hasUserinfo(options.baseUrl)
          ? '--base-url must not contain user:password@; pass the token with --token-stdin or ATTIO_API_KEY.'
          : `--base-url must be an absolute http(s) URL, e.g. ${DEFAULT_API_BASE_URL}.`,
      };
      return undefined;
    }
    report.baseUrl = (options.baseUrl ?? config.attio.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(
      /\/+$/,
      '',
    );
    const requirements = resolveRequirements(options.require, options.for);
    const source =
      options.workspace !== undefined
        ? await tokenFromStore({ workspaceId: options.workspace, config, cwd: io.cwd, mask })
        : await resolveToken(options, io, env, config.attio.apiKey);
    mask.add(source.token);
    report.token = { source: source.kind, label: source.label, length: source.token.length };
    return { requirements, source };
  } catch (error) {
    if (error instanceof RequirementError)
      report.error = { outcome: 'usage_error', message: error.message };
    // A ./.env that cannot be read or parsed is a ConfigError too (app-config's DotEnvError).
    else if (error instanceof ConfigError)
      report.error = { outcome: 'config_error', message: describeConfigError(error) };
    else if (error instanceof SetupError)
      report.error = { outcome: 'config_error', message: error.message };
    else throw error;
    return undefined;
  }
}

/**
 * Reachability, identity, scopes and the live call, filled into `checks`. Returns why the checks
 * left out did not run (when one failed early).
 */
async function runApiChecks(ctx: {
  options: VerifyOptions;
  io: CliIo;
  report: VerifyReport;
  checks: CheckMap;
  source: TokenSource;
  requirements: Requirements;
  baseUrl: string;
}): Promise<string> {
  const { options, io, report, checks, source, requirements, baseUrl } = ctx;
  const host = new URL(baseUrl).host;
  const now = io.now ?? Date.now;
  const client = createAttioClient({
    token: source.token,
    baseUrl,
    fetch: io.fetch,
    timeoutMs: options.timeoutMs,
    // A CLI answers in seconds: few retries, and a long Retry-After is cut short (it then reports
    // "rate limited after retries", exit 3) rather than sleeping for a minute.
    retry:
      options.retries === 0
        ? false
        : { retries: options.retries, maxDelayMs: 2_000, maxRetryAfterMs: 5_000 },
    rateLimit: false,
    userAgent: `attio-verify/${VERSION}`,
  });
  const started = now();
  let self: SelfResult;
  try {
    self = await client.self();
  } catch (error) {
    const c = classifyError(error, { host, timeoutMs: options.timeoutMs, identityCall: true });
    const extra = { details: c.details, errorCode: c.errorCode, remedy: c.remedy };
    if (c.outcome === 'could_not_check') {
      checks.reachability = fail('reachability', c.outcome, c.summary, extra);
      return `${host} could not be checked`;
    }
    checks.reachability = pass(
      'reachability',
      `${host} answered in ${Math.round(now() - started)} ms`,
    );
    checks.identity = fail('identity', c.outcome, c.summary, extra);
    return 'the token was refused';
  }
  checks.reachability = pass(
    'reachability',
    `${host} answered in ${Math.round(now() - started)} ms`,
  );
  const identity = identityCheck(self, { expectedWorkspaceId: source.workspaceId });
  checks.identity = identity.check;
  report.identity = identity.info;
  if (!self.active || identity.check.status === 'fail') return 'the token is not usable';
  const scopes = scopesCheck({
    granted: self.scopes,
    requirements,
    tokenLevel: self.tokenLevel,
    oauth: source.kind === 'store',
  });
  checks.scopes = scopes.check;
  report.scopes = scopes.info;
  const live = await liveCall({ client, granted: self.scopes, host, timeoutMs: options.timeoutMs });
  checks.live_call = live.check;
  report.objects = live.objects;
  return 'an earlier check failed';
}

import { missingScopes, type AttioClient } from '@attio-auth/attio-core';
import { classifyError } from './classify-error.js';
import { fail, pass, skip, type CheckResult } from './check-result.js';
import { wrapList } from '../output/wrap-list.js';

/**
 * The live call, like the seed's "Step 4: Verify Connection": list the workspace's objects and
 * print their api_slugs. `/v2/self` needs no scope, so this is the first call that proves the
 * token can actually read data. Skipped when the token lacks `object_configuration:read`.
 */
export const LIVE_CALL_SCOPE = 'object_configuration:read';

export interface LiveCallResult {
  check: CheckResult;
  objects: string[] | null;
}

/**
 * Runs `GET /v2/objects` when the granted scopes allow it.
 *
 * @example
 * const { check, objects } = await liveCall({ client, granted, host: 'api.attio.com', timeoutMs: 10000 });
 * objects; // ['people', 'companies', 'deals', …]
 */
export async function liveCall(input: {
  client: AttioClient;
  granted: readonly string[];
  host: string;
  timeoutMs: number;
}): Promise<LiveCallResult> {
  if (missingScopes(input.granted, [LIVE_CALL_SCOPE]).length > 0) {
    return {
      objects: null,
      check: skip('live_call', `GET /v2/objects not tried: needs ${LIVE_CALL_SCOPE}, not granted`),
    };
  }
  try {
    const objects = await input.client.listObjects();
    const slugs = objects.map((o) => o.apiSlug);
    return {
      objects: slugs,
      check: pass('live_call', `GET /v2/objects → ${slugs.length} objects`, wrapList('', slugs)),
    };
  } catch (error) {
    const c = classifyError(error, {
      host: input.host,
      timeoutMs: input.timeoutMs,
      identityCall: false,
    });
    return {
      objects: null,
      check: fail('live_call', c.outcome, `GET /v2/objects failed: ${c.summary}`, {
        details: c.details,
        errorCode: c.errorCode,
        remedy: c.remedy,
      }),
    };
  }
}

/**
 * The tool's name and version, as constants rather than a read of package.json: `--version` must
 * answer without touching the file system or loading any module (cold start is benchmarked).
 * `version.spec.ts` fails when this drifts from apps/verify-cli/package.json.
 */
export const TOOL_NAME = 'attio-verify';

/** Keep equal to the `version` field of apps/verify-cli/package.json (checked by a test). */
export const VERSION = '0.0.1';

/**
 * Version of the `--json` document shape (see README "JSON output"). Bump it when a field is
 * removed or changes meaning; adding a field is not a breaking change.
 */
export const JSON_SCHEMA_VERSION = 1;

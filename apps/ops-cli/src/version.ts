/**
 * The tool's name and version, as constants rather than a read of package.json: `--version` must
 * answer without touching the file system or loading any module. `version.spec.ts` fails when this
 * drifts from apps/ops-cli/package.json.
 */
export const TOOL_NAME = 'attio-auth';

/** Keep equal to the `version` field of apps/ops-cli/package.json (checked by a test). */
export const VERSION = '0.0.1';

/**
 * Checks of the deployment files (deploy/kubernetes/*.yaml, deploy/compose.yaml) against the apps they
 * run: every environment variable exists in that app's config schema, secrets never inline (only
 * `NAME_FILE` paths into a mounted secret, or a secretKeyRef), probes hit routes and ports the app
 * serves, and the pods run as the image's non-root user with a read-only root file system. Pure: the
 * spec loads the files and the schemas and passes them in.
 */

/** The image's entry point names (deploy/image/entrypoint.sh) → the app folder under apps/. */
export const ENTRYPOINT_APPS: Readonly<Record<string, string>> = {
  'oauth-callback': 'oauth-callback',
  'attio-token-health': 'token-health',
  'attio-verify': 'verify-cli',
  'attio-auth': 'ops-cli',
};

/** The uid:gid the Dockerfile runs as. */
export const IMAGE_UID = 10001;

/** What the checks need to know of one app's configuration. */
export interface AppConfigFacts {
  /** Every variable of its zod schema. */
  readonly variables: readonly string[];
  /** The secrets, each of which may come as `NAME_FILE`. */
  readonly fileVariables: readonly string[];
}

/** One environment variable as a manifest sets it. */
export interface EnvSetting {
  readonly name: string;
  /** The literal value, when it is inline (`value:` or a compose `environment` entry). */
  readonly value?: string;
  /** It comes from a Secret (`valueFrom.secretKeyRef`). */
  readonly fromSecret?: boolean;
}

/**
 * Problems of one container's environment for `app`: unknown variables, a secret set inline, a
 * `NAME_FILE` path outside the secret mounts.
 *
 * @example
 * ```ts
 * envProblems('c', [{ name: 'PORTT', value: '1' }], { variables: ['PORT'], fileVariables: [] }, []);
 * // ['c: PORTT is not a variable of the app']
 * ```
 */
export function envProblems(
  where: string,
  env: readonly EnvSetting[],
  facts: AppConfigFacts,
  secretMounts: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const setting of env) {
    const { name } = setting;
    const secretName = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : undefined;
    if (secretName !== undefined && facts.fileVariables.includes(secretName)) {
      const path = setting.value ?? '';
      if (!secretMounts.some((mount) => path.startsWith(`${mount.replace(/\/$/, '')}/`))) {
        problems.push(
          `${where}: ${name}=${path} is not inside a mounted secret (${secretMounts.join(', ') || 'none'})`,
        );
      }
      continue;
    }
    if (!facts.variables.includes(name)) {
      problems.push(`${where}: ${name} is not a variable of the app`);
      continue;
    }
    if (facts.fileVariables.includes(name) && !setting.fromSecret) {
      problems.push(`${where}: ${name} is a secret set inline; use ${name}_FILE or a secretKeyRef`);
    }
  }
  return problems;
}

/**
 * The value a container gives `name`, else the schema's default (as a string), else undefined.
 *
 * @example
 * ```ts
 * effectiveValue([{ name: 'PORT', value: '8080' }], 'PORT', '3000'); // '8080'
 * ```
 */
export function effectiveValue(
  env: readonly EnvSetting[],
  name: string,
  defaultValue: string | undefined,
): string | undefined {
  return env.find((e) => e.name === name)?.value ?? defaultValue;
}

/**
 * The app a container runs, from its first argument (the entry point's app name); undefined when the
 * argument names no app.
 *
 * @example
 * ```ts
 * appOfArgs(['attio-token-health', '--once']); // 'token-health'
 * ```
 */
export function appOfArgs(args: readonly string[] | undefined): string | undefined {
  const first = args?.[0] ?? 'oauth-callback';
  return ENTRYPOINT_APPS[first];
}

/**
 * Values of a Secret manifest that are not empty (a template must not carry real values); names only.
 *
 * @example
 * ```ts
 * inlineSecretValues({ stringData: { a: '', b: 'x' } }); // ['b']
 * ```
 */
export function inlineSecretValues(secret: {
  readonly stringData?: Readonly<Record<string, unknown>>;
  readonly data?: Readonly<Record<string, unknown>>;
}): string[] {
  return Object.entries({ ...secret.data, ...secret.stringData })
    .filter(([, value]) => value !== '' && value !== null && value !== undefined)
    .map(([key]) => key);
}

/** The parts of a container's security context the checks read. */
export interface SecurityFacts {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly dropsAll?: boolean;
}

/**
 * What is missing from a pod's hardening: non-root as the image's uid, read-only root, no privilege
 * escalation, every capability dropped.
 *
 * @example
 * ```ts
 * securityProblems('c', { runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true,
 *   allowPrivilegeEscalation: false, dropsAll: true }); // []
 * ```
 */
export function securityProblems(where: string, facts: SecurityFacts): string[] {
  const problems: string[] = [];
  if (facts.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
  if (facts.runAsUser !== IMAGE_UID) problems.push(`${where}: runAsUser is not ${IMAGE_UID}`);
  if (facts.readOnlyRootFilesystem !== true)
    problems.push(`${where}: readOnlyRootFilesystem is not true`);
  if (facts.allowPrivilegeEscalation !== false)
    problems.push(`${where}: allowPrivilegeEscalation is not false`);
  if (facts.dropsAll !== true) problems.push(`${where}: capabilities do not drop ALL`);
  return problems;
}

/** `ghcr.io/<org>/attio-auth:<version>` (semver tag), the pattern the manifests use. */
export const IMAGE_PATTERN = /^ghcr\.io\/[a-z0-9][a-z0-9-]*\/attio-auth:\d+\.\d+\.\d+(-[\w.]+)?$/;

/**
 * The published form of a workspace package.json (pure; used by pack-libs.ts and tested in its spec).
 * Internal "*" ranges become the exact version of the sibling (the libs release in lockstep), the
 * workspace-only `@attio-auth/source` export condition (it points at src/, which is not shipped) and the Nx
 * metadata are dropped, and `private` only when the tarballs are meant for `npm publish`.
 */

/** Export condition that resolves workspace packages to their TypeScript sources (tests, tools). */
export const SOURCE_CONDITION = '@attio-auth/source';

type Json = Record<string, unknown>;

export interface ManifestOptions {
  /** Overrides every lib's version (lockstep) in the tarballs only. */
  readonly version?: string;
  /** Drops `"private": true` so the tarballs can be published to an internal registry. */
  readonly publishable?: boolean;
}

/**
 * Rewrites one workspace package.json into its published form.
 *
 * @example
 * publishedManifest({ name: '@attio-auth/attio-core', version: '0.1.0', dependencies: { '@attio-auth/attio-errors': '*' } },
 *   new Map([['@attio-auth/attio-errors', '0.1.0']]), {}).dependencies; // { '@attio-auth/attio-errors': '0.1.0' }
 */
export function publishedManifest(
  manifest: Json,
  versions: ReadonlyMap<string, string>,
  options: ManifestOptions,
): Json {
  const out: Json = { ...manifest };
  delete out['nx'];
  delete out['devDependencies'];
  if (options.publishable) delete out['private'];
  if (options.version) out['version'] = options.version;
  out['exports'] = withoutSourceCondition(manifest['exports']);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
    const deps = manifest[field] as Record<string, string> | undefined;
    if (!deps) continue;
    out[field] = Object.fromEntries(
      Object.entries(deps).map(([name, range]) => {
        const sibling = versions.get(name);
        if (sibling === undefined || range !== '*') return [name, range];
        return [name, options.version ?? sibling];
      }),
    );
  }
  return out;
}

function withoutSourceCondition(exportsField: unknown): unknown {
  if (exportsField === null || typeof exportsField !== 'object' || Array.isArray(exportsField))
    return exportsField;
  return Object.fromEntries(
    Object.entries(exportsField as Json)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, value]) => [key, withoutSourceCondition(value)]),
  );
}

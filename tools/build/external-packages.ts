import { builtinModules } from 'node:module';

/** The part of esbuild's metafile this reads: every input and the imports it leaves external. */
export interface BundleMetafile {
  readonly inputs: Readonly<
    Record<string, { readonly imports: readonly { path: string; external?: boolean }[] }>
  >;
}

const builtins = new Set(builtinModules);

/**
 * The npm package a bare import specifier names: `pg` for `pg`, `zod` for `zod/v4`,
 * `@scope/name` for `@scope/name/sub`; `undefined` for Node built-ins (`node:fs`, `fs`) and
 * relative or absolute paths, which no package.json has to list.
 */
export function packageOfSpecifier(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  if (specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (name === undefined || name === '' || builtins.has(name)) return undefined;
  return name;
}

/**
 * The npm packages a bundle still imports at run time (the ones left external), sorted: exactly
 * what the deployed package.json must name as dependencies.
 */
export function externalPackages(metafile: BundleMetafile): string[] {
  const names = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external) continue;
      const name = packageOfSpecifier(imported.path);
      if (name !== undefined) names.add(name);
    }
  }
  return [...names].sort();
}

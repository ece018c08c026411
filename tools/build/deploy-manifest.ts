/** The fields of a workspace package.json this reads. */
export interface WorkspaceManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
  readonly engines?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
}

/** The package.json written next to a bundled app's main.js. */
export interface DeployManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
  readonly private: true;
  readonly type: 'module';
  readonly main: 'main.js';
  readonly scripts: { readonly start: 'node main.js' };
  readonly engines?: Readonly<Record<string, string>>;
  readonly dependencies: Readonly<Record<string, string>>;
}

/** Workspace packages are bundled into main.js, never installed. */
export const WORKSPACE_SCOPE = '@attio-auth/';

/**
 * The package.json of a self-contained app build: the workspace libs are bundled into main.js, so
 * its dependencies are the app's own npm dependencies (the database drivers among them: the store
 * imports them by name at run time, which no bundler can see) plus every npm package the bundle
 * left external, each with the range declared by the app or, failing that, by the bundled lib that
 * imports it (`declaredBy`, in order). An external no manifest declares is an error naming it, so a
 * missing dependency fails the build instead of the deployed app's first start.
 */
export function deployManifest(
  app: WorkspaceManifest,
  externals: readonly string[],
  declaredBy: readonly WorkspaceManifest[],
): DeployManifest {
  const own = Object.keys(app.dependencies ?? {}).filter((n) => !n.startsWith(WORKSPACE_SCOPE));
  const names = [...new Set([...own, ...externals])].sort();
  const dependencies: Record<string, string> = {};
  const undeclared: string[] = [];
  for (const name of names) {
    const range = [app, ...declaredBy]
      .map((manifest) => manifest.dependencies?.[name])
      .find((value) => value !== undefined);
    if (range === undefined) undeclared.push(name);
    else dependencies[name] = range;
  }
  if (undeclared.length > 0) {
    throw new Error(
      `${app.name} imports ${undeclared.join(', ')} but neither it nor a lib it bundles lists ` +
        `${undeclared.length === 1 ? 'it' : 'them'} in "dependencies"; add ${undeclared.length === 1 ? 'it' : 'them'} to its package.json`,
    );
  }
  return {
    name: app.name,
    version: app.version,
    ...(app.description === undefined ? {} : { description: app.description }),
    ...(app.license === undefined ? {} : { license: app.license }),
    private: true,
    type: 'module',
    main: 'main.js',
    scripts: { start: 'node main.js' },
    ...(app.engines === undefined ? {} : { engines: app.engines }),
    dependencies,
  };
}

/** The checker's version, printed by `--version` (kept equal to package.json "version"; a spec checks it). */
export const VERSION = '0.0.1';

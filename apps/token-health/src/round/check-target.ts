/** What was checked: a stored connection, or a named `--tokens-file` entry. Never holds the token. */
export type CheckTarget =
  | { readonly kind: 'connection'; readonly workspaceId: string; readonly name: string | null }
  | { readonly kind: 'token'; readonly name: string };

/** Human label of a target for output lines. */
export function targetLabel(target: CheckTarget): string {
  if (target.kind === 'token') return `token "${target.name}"`;
  return target.name
    ? `workspace "${target.name}" (${target.workspaceId})`
    : `workspace ${target.workspaceId}`;
}

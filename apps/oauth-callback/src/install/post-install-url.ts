import { signPostInstallParams } from '@attio-auth/attio-oauth';

/** Options of {@link postInstallUrl}. */
export interface PostInstallUrlOptions {
  /** `POST_INSTALL_URL`: configuration only, never taken from a request (no open redirect). */
  readonly base: string;
  readonly workspaceId: string;
  /** `POST_INSTALL_SIGNING_KEY`; without it `workspace_id` goes unsigned and proves nothing. */
  readonly signingKey: string | undefined;
  readonly now: () => number;
}

/**
 * Where a successful install sends the browser: `POST_INSTALL_URL` (its own query kept) plus
 * `workspace_id`, and with a signing key also `ts` and `sig`, which the receiving app checks with
 * `verifyPostInstallParams` from `@attio-auth/attio-oauth`.
 *
 * @example
 * ```ts
 * res.redirect(303, postInstallUrl({ base, workspaceId, signingKey, now: Date.now }));
 * // https://app.example.com/welcome?from=attio&workspace_id=ws_1&ts=1800000000&sig=…
 * ```
 */
export function postInstallUrl(options: PostInstallUrlOptions): string {
  const target = new URL(options.base);
  const params =
    options.signingKey === undefined
      ? { workspace_id: options.workspaceId }
      : signPostInstallParams({
          workspaceId: options.workspaceId,
          key: options.signingKey,
          now: options.now,
        });
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  return target.toString();
}

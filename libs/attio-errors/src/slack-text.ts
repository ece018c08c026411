/**
 * Escaping for text sent to Slack (incoming webhooks, `chat.postMessage`). Slack reads `<…>` in a
 * message's `text` as control sequences: `<!channel>` / `<!here>` ping everyone, `<@U123>` mentions
 * a user and `<https://evil.example|Click here>` shows a link under any label. Text that came from
 * someone else (a workspace name chosen by whoever installed the app, an error detail) must not be
 * able to write those, so `&`, `<` and `>` become HTML entities, exactly the three characters Slack
 * asks to escape (https://api.slack.com/reference/surfaces/formatting#escaping). The entities show as
 * the original characters in Slack.
 */

/**
 * Escapes `&`, `<` and `>` for Slack's `mrkdwn` and plain `text`, so the text reads as written and
 * cannot mention, ping or link. Apply it to the whole message when every part of it is plain text,
 * or to each value when the message also holds links built on purpose. Idempotence is not a goal:
 * escaping twice shows the entities.
 *
 * @example
 * ```ts
 * escapeSlackText('<!channel> URGENT <https://evil.example/x|Click here>');
 * // → '&lt;!channel&gt; URGENT &lt;https://evil.example/x|Click here&gt;'
 * escapeSlackText('R&D'); // → 'R&amp;D'
 * ```
 */
export function escapeSlackText(text: string): string {
  // `&` first, so the entities written for `<` and `>` are not escaped again.
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

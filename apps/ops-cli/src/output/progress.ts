import type { Writer } from '../io.js';

/** A progress line for long commands; a no-op when not drawing (not a TTY, --json, --no-color). */
export interface Progress {
  update(done: number, total: number): void;
  /** Clears the line (before the final summary is printed). */
  done(): void;
}

const WIDTH = 30;

/**
 * A one-line progress bar redrawn in place with `\r` on `out` (stderr), or nothing at all.
 *
 * @example
 * const bar = createProgress(io.stderr, { draw: io.isTTY, label: 'rotating' });
 * bar.update(10, 100); // [███░░░…]  10/100 rotating
 */
export function createProgress(out: Writer, options: { draw: boolean; label: string }): Progress {
  if (!options.draw) return { update: () => undefined, done: () => undefined };
  let drawn = false;
  return {
    update(done, total) {
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      const filled = Math.round(ratio * WIDTH);
      out.write(
        `\r[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${done}/${total} ${options.label}`,
      );
      drawn = true;
    },
    done() {
      if (drawn) out.write('\r\u001b[2K');
    },
  };
}

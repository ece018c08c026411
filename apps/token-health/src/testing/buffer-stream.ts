import type { OutputStream } from '../io.js';

/** An in-memory OutputStream for tests; `isTTY` is configurable to exercise the progress line. */
export function bufferStream(isTTY = false): OutputStream & { text(): string; lines(): string[] } {
  let data = '';
  return {
    isTTY,
    write(chunk: string) {
      data += chunk;
      return true;
    },
    text: () => data,
    lines: () => data.split('\n').filter((l) => l.length > 0),
  };
}

import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes Prometheus text to `path` atomically: a temp file in the same directory, then `rename`
 * (atomic on POSIX within one filesystem). The node-exporter textfile collector reads `*.prom`
 * files at any moment and must never see half a file
 * (https://github.com/prometheus/node_exporter#textfile-collector). The temp name does not end in
 * `.prom`, so the collector ignores it.
 *
 * @example
 * await writeMetricsFile('/var/lib/node_exporter/textfile/attio_token_health.prom', await metrics.render());
 */
export async function writeMetricsFile(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: 0o644 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

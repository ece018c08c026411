/**
 * Starts the sandbox the way a newcomer does — the `attio-sandbox` bin of the installed tarball — and reads
 * the one JSON line it prints first (URLs and fixture tokens). Port 0: the OS picks a free port.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface SandboxInfo {
  readonly apiUrl: string;
  readonly oauthUrl: string;
  readonly adminUrl: string;
  readonly fixtures: { readonly tokens: Record<string, string> };
}

export interface SandboxProcess {
  readonly info: SandboxInfo;
  /** SIGTERM, then waits for the exit code (the bin drains and exits 0). */
  stop(): Promise<number | null>;
}

export async function startSandboxProcess(
  projectDir: string,
  env: NodeJS.ProcessEnv,
): Promise<SandboxProcess> {
  const bin = join(projectDir, 'node_modules', '.bin', 'attio-sandbox');
  const child = spawn(bin, ['--port', '0', '--no-rate-limit'], {
    cwd: projectDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the sandbox printed nothing within 20 s')),
      20_000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited with ${code}: ${stderr.trim()}`));
    });
  });
  lines.on('line', () => undefined); // keep draining its JSON log lines
  return {
    info: JSON.parse(first) as SandboxInfo,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

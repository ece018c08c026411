/**
 * Where the CPU went during a time window: samples /proc/stat (the whole machine) and /proc/<pid>/stat
 * of named process groups every `intervalMs`, then answers, for any window inside the sampling, how
 * many cores each group used and how busy the machine was. Used by the scale bench to tell a checker
 * that stalls from a machine that has no core left (Linux only; elsewhere every figure is NaN).
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (USER_HZ, 100 on Linux). */
const HZ = 100;

interface Sample {
  at: number;
  /** Busy and total ticks of the whole machine (all cores). */
  busy: number;
  total: number;
  /** utime + stime ticks per group (summed over its pids). */
  groups: Record<string, number>;
}

/** Cores used per group and the machine's busy fraction over one window. */
export interface CpuWindow {
  /** Cores used per group (1.0 = one core all the time). */
  cores: Record<string, number>;
  /** Fraction of all the machine's cores that were busy (any process), 0…1. */
  machineBusy: number;
  /** How many cores the machine has (from /proc/stat). */
  machineCores: number;
}

function machineTicks(): { busy: number; total: number; cores: number } {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const cpu = (lines[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    // idle + iowait are not busy.
    const busy = total - (cpu[3] ?? 0) - (cpu[4] ?? 0);
    return { busy, total, cores: lines.filter((l) => /^cpu\d/.test(l)).length };
  } catch {
    return { busy: NaN, total: NaN, cores: NaN };
  }
}

/** utime + stime ticks of one pid; 0 once it has ended (its last sample holds what it used). */
function pidTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
}

/**
 * Starts sampling the groups `pids()` returns (re-read every sample, so processes that start later
 * are seen). A pid that ended keeps its last reading, so its CPU is not lost from later windows.
 *
 * @example
 * const sampler = startCpuSampler(() => ({ sandbox: [child.pid] }));
 * // … run …
 * const window = sampler.stop().between(from, to);
 */
export function startCpuSampler(
  pids: () => Record<string, number[]>,
  intervalMs = 100,
): { stop(): { between(from: number, to: number): CpuWindow } } {
  const samples: Sample[] = [];
  const last = new Map<number, number>();
  const cores = machineTicks().cores;
  const take = () => {
    const m = machineTicks();
    const groups: Record<string, number> = {};
    for (const [group, list] of Object.entries(pids())) {
      groups[group] = 0;
      for (const pid of list) {
        const t = pidTicks(pid);
        if (!Number.isNaN(t)) last.set(pid, t);
        groups[group] += last.get(pid) ?? 0;
      }
    }
    samples.push({ at: Date.now(), busy: m.busy, total: m.total, groups });
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return {
        between(from, to) {
          // The samples closest to the window's ends (the window is at least a few intervals long).
          const a = samples.reduce((p, s) =>
            Math.abs(s.at - from) < Math.abs(p.at - from) ? s : p,
          );
          const b = samples.reduce((p, s) => (Math.abs(s.at - to) < Math.abs(p.at - to) ? s : p));
          const seconds = (b.at - a.at) / 1000;
          const used: Record<string, number> = {};
          for (const group of Object.keys(b.groups))
            used[group] = ((b.groups[group] ?? 0) - (a.groups[group] ?? 0)) / HZ / seconds;
          return {
            cores: used,
            machineBusy: (b.busy - a.busy) / (b.total - a.total),
            machineCores: cores,
          };
        },
      };
    },
  };
}

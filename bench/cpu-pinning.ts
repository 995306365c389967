/**
 * Each browser of a bench on CPUs of its own, as the guest's phone and the owner's computer would be. Left to the
 * scheduler, the two browsers' twenty-odd busy threads (WebRTC on both sides, workers, pages) share every core of
 * this machine, and how they happen to be placed moves a transfer's speed by a third from one run to the next.
 * Chromium is started through `taskset`; every process it starts inherits the affinity.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Parses a kernel CPU list such as `0-3,6,8-9`. */
export function parseCpuList(list: string): number[] {
  return list
    .trim()
    .split(',')
    .filter(Boolean)
    .flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number) as [number, number?];
      if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) throw new Error(`not a CPU list: ${list}`);
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
}

/** The CPUs a process may run on, from its `/proc/<pid>/status`. */
export function allowedCpus(status: string): number[] {
  return parseCpuList(/^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1] ?? '');
}

/** The CPUs this process may run on, split into two halves of equal size (the odd one left out), or why not. */
export function twoCpuSets(): [number[], number[]] | string {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'taskset (util-linux) is not installed';
  }
  const cpus = allowedCpus(readFileSync('/proc/self/status', 'utf8'));
  if (cpus.length < 2) return `only ${cpus.length} CPU is available to this process`;
  const half = Math.floor(cpus.length / 2);
  return [cpus.slice(0, half), cpus.slice(half, 2 * half)];
}

/** A launcher in `dir` that starts `executable` on `cpus` only; pass it to Playwright as the executable path. */
export function pinnedLauncher(executable: string, cpus: number[], dir: string, name: string): string {
  const launcher = path.join(dir, `${name}-on-cpu-${cpus.join('-')}.sh`);
  const quoted = `'${executable.replaceAll("'", "'\\''")}'`;
  writeFileSync(launcher, `#!/bin/sh\nexec taskset --cpu-list ${cpus.join(',')} ${quoted} "$@"\n`, {
    mode: 0o755,
  });
  return launcher;
}

/**
 * Where a Chromium's CPU time goes, thread by thread: the user and system time of every thread of every process of
 * one profile, read from /proc. `npm run bench:transfer -- --threads` prints it per path, so a path's cost can be
 * pinned on the thread that pays it (the page, a worker, WebRTC's network thread, the browser serving a Blob).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { processesOf } from '../test/helpers/chromium-processes.ts';

/** Linux's clock tick for /proc times (USER_HZ, 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** What kind of Chromium process a command line starts: `browser`, `renderer`, `gpu`, or a utility's service. */
function processKind(cmdline: string): string {
  const type = /--type=(\S+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  if (type === 'utility') return /--utility-sub-type=(?:\w+\.mojom\.)?(\w+)/.exec(cmdline)?.[1] ?? 'utility';
  return type === 'gpu-process' ? 'gpu' : type;
}

/** CPU seconds so far, by `process kind/thread name` (pools and numbered threads summed under one name). */
export function threadCpu(userDataDir: string): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const pid of processesOf(userDataDir)) {
    try {
      const kind = processKind(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
      const add = (key: string, s: number) => seconds.set(key, (seconds.get(key) ?? 0) + s);
      let live = 0;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const { name, s } = cpuOf(`/proc/${pid}/task/${tid}/stat`);
        add(`${kind}/${name.replace(/[\d/:-]+$/, '')}`, s);
        live += s;
      }
      // A process's own time includes its threads that have ended (a worker closed when its transfer did).
      add(`${kind}/(ended threads)`, cpuOf(`/proc/${pid}/stat`).s - live);
    } catch {
      /* the process or thread ended meanwhile */
    }
  }
  return seconds;
}

/** The name and CPU seconds (user and system) in a /proc `stat` file. */
function cpuOf(statFile: string): { name: string; s: number } {
  const stat = readFileSync(statFile, 'utf8');
  // Fields after the name start at the state (field 3); utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    s: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
  };
}

/** The CPU each thread spent between two readings, most first. */
export function cpuSince(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  return [...after]
    .map(([key, s]): [string, number] => [key, s - (before.get(key) ?? 0)])
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1]);
}

import { readdirSync, readFileSync } from 'node:fs';

/** Every process whose command line names `userDataDir`, and their descendants (renderers, zygotes, utilities). */
export function processesOf(userDataDir: string): number[] {
  const parent = new Map<number, number>();
  const roots = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(`--user-data-dir=${userDataDir}`))
        roots.add(Number(name));
    } catch {
      /* the process ended meanwhile */
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, guard = 0; p !== undefined && guard < 12; p = parent.get(p), guard++)
      if (roots.has(p)) return true;
    return false;
  };
  return [...parent.keys()].filter(inTree);
}

/**
 * Sum of VmRSS (bytes) of the renderer processes of the Chromium whose profile is `userDataDir`, read from
 * /proc: the browser's own view of a page's memory leaves out what the renderer holds outside the JS heap.
 */
export function rendererRss(userDataDir: string): number {
  const processes = processesOf(userDataDir);
  if (processes.length === 0) throw new Error(`no Chromium runs with the profile ${userDataDir}`);
  let total = 0;
  for (const pid of processes) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += m ? Number(m[1]) * 1024 : 0;
    } catch {
      /* the process ended meanwhile */
    }
  }
  return total;
}

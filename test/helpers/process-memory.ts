import { readdirSync, readFileSync } from 'node:fs';

/**
 * Sum of VmRSS (bytes) of the renderer processes of the Chromium whose profile is `userDataDir`, read from
 * /proc: the browser's own view of a page's memory leaves out what the renderer holds outside the JS heap.
 */
export function rendererRss(userDataDir: string): number {
  const procs = new Map<number, { ppid: number; cmd: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      procs.set(Number(name), { ppid, cmd: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      /* the process ended meanwhile */
    }
  }
  const browserPid = [...procs].find(
    ([, p]) => p.cmd.includes(`--user-data-dir=${userDataDir}`) && !p.cmd.includes('--type='),
  )?.[0];
  if (browserPid === undefined) throw new Error(`no Chromium runs with the profile ${userDataDir}`);
  const isDescendant = (pid: number): boolean => {
    for (let p = procs.get(pid), guard = 0; p && guard < 10; p = procs.get(p.ppid), guard++)
      if (p.ppid === browserPid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, p] of procs) {
    if (!p.cmd.includes('--type=renderer') || !isDescendant(pid)) continue;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += m ? Number(m[1]) * 1024 : 0;
    } catch {
      /* the process ended meanwhile */
    }
  }
  return total;
}

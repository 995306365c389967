/**
 * A CPU quota for a whole Chromium (every process of one profile: the page, its workers, the network service
 * with WebRTC), through a cgroup of its own. CDP's `Emulation.setCPUThrottlingRate` slows a page's main thread
 * only: Chromium refuses it for workers ("Operation is only supported for pages, not workers"), so an engine that
 * hashes in a worker escapes it while a phone's cores stay slow. A quota slows everything the browser does alike.
 * Needs a writable cgroup file system (root, cgroup v1 `cpu` or v2 with the `cpu` controller).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processesOf } from '../test/helpers/chromium-processes.ts';

const V1 = '/sys/fs/cgroup/cpu';
const V2 = '/sys/fs/cgroup';
const PERIOD_US = 100_000;

export interface CpuQuota {
  /** At most `cores` of one CPU core for the browser (Infinity: no limit). */
  limit(cores: number): void;
  /** Moves every process of the Chromium with `userDataDir` into the group (new ones inherit it). */
  adopt(userDataDir: string): void;
  /** Gives the processes back to the parent group and removes this one. */
  remove(): void;
}

function hasV2Cpu(): boolean {
  try {
    return readFileSync(path.join(V2, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('cpu');
  } catch {
    return false;
  }
}

/** A new group named `name`; throws, saying why, where this machine lets no process set CPU quotas. */
export function createCpuQuota(name: string): CpuQuota {
  const v2 = !existsSync(V1) && hasV2Cpu();
  const dir = path.join(v2 ? V2 : V1, name);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new Error(`cannot make a CPU cgroup at ${dir} (root and a cgroup file system with "cpu" are needed)`, {
      cause: e,
    });
  }
  const procsFile = path.join(dir, 'cgroup.procs');
  const move = (to: string, pid: number) => {
    try {
      writeFileSync(to, String(pid));
    } catch {
      /* the process ended meanwhile */
    }
  };
  return {
    limit(cores) {
      if (v2)
        writeFileSync(
          path.join(dir, 'cpu.max'),
          Number.isFinite(cores) ? `${Math.round(cores * PERIOD_US)} ${PERIOD_US}` : `max ${PERIOD_US}`,
        );
      else {
        writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
        writeFileSync(
          path.join(dir, 'cpu.cfs_quota_us'),
          Number.isFinite(cores) ? String(Math.round(cores * PERIOD_US)) : '-1',
        );
      }
    },
    adopt(userDataDir) {
      for (const pid of processesOf(userDataDir)) move(procsFile, pid);
    },
    remove() {
      if (!existsSync(dir)) return;
      const parentProcs = path.join(path.dirname(dir), 'cgroup.procs');
      for (const pid of readFileSync(procsFile, 'utf8').split('\n').filter(Boolean)) move(parentProcs, Number(pid));
      rmdirSync(dir);
    },
  };
}

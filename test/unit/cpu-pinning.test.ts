import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { allowedCpus, parseCpuList, pinnedLauncher, twoCpuSets } from '../../bench/cpu-pinning.ts';

test('CPU lists as the kernel writes them', () => {
  assert.deepEqual(parseCpuList('0-1\n'), [0, 1]);
  assert.deepEqual(parseCpuList('0-3,6,8-9'), [0, 1, 2, 3, 6, 8, 9]);
  assert.deepEqual(parseCpuList('5'), [5]);
  for (const bad of ['3-1', 'a', '1-b', '0-1,x']) assert.throws(() => parseCpuList(bad), /not a CPU list/);
});

const sets = twoCpuSets();
test('the bench starts a browser on its own CPUs: what the launcher starts runs there only', {
  skip: typeof sets === 'string' ? sets : false,
}, () => {
  const [first, second] = sets as [number[], number[]];
  assert.equal(first.length, second.length);
  assert.ok(
    first.every((cpu) => !second.includes(cpu)),
    'the halves share no CPU',
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'phuppi-pinning-'));
  try {
    // A browser path with a quote in it stays one word.
    const shell = path.join(dir, "it's a shell");
    symlinkSync('/bin/sh', shell);
    for (const [i, cpus] of [first, second].entries()) {
      const launcher = pinnedLauncher(shell, cpus, dir, `side${i}`);
      const status = execFileSync(launcher, ['-c', 'cat /proc/self/status'], { encoding: 'utf8' });
      assert.deepEqual(allowedCpus(status), cpus);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

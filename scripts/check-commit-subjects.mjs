// Fails when a commit made since the codebase pass (BASE) has a subject line longer than 72 characters: the
// subject is what `git log --oneline`, GitHub and merge tools show; the detail belongs in the body.
// Skips, saying why, where that history is not there to read (no git, a shallow clone without BASE, a tarball).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The codebase pass (issue #11); older commits predate the rule. */
const BASE = 'a27d122b31fce87a4ffa7755e7a079c1448ea9c6';
const MAX = 72;

const root = fileURLToPath(new URL('..', import.meta.url));
const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });

function skip(reason) {
  console.log(`Commit subjects not checked: ${reason}.`);
  process.exit(0);
}

if (git('rev-parse', '--is-inside-work-tree').status !== 0) skip('not a git checkout');
if (git('cat-file', '-e', `${BASE}^{commit}`).status !== 0) {
  skip(`base commit ${BASE.slice(0, 7)} is not in this clone (shallow?); \`git fetch --unshallow\` to check`);
}
if (git('merge-base', '--is-ancestor', BASE, 'HEAD').status !== 0)
  skip(`HEAD does not descend from ${BASE.slice(0, 7)}`);

const log = git('log', '--format=%h%x09%s', `${BASE}..HEAD`);
if (log.status !== 0) {
  console.error(log.stderr);
  process.exit(1);
}
const long = log.stdout
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [hash, subject = ''] = line.split('\t');
    return { hash, subject, length: [...subject].length };
  })
  .filter((commit) => commit.length > MAX);
if (long.length) {
  console.error(`Commit subjects longer than ${MAX} characters (shorten them; put the detail in the body):`);
  for (const c of long) console.error(`  ${c.hash} (${c.length}) ${c.subject}`);
  process.exit(1);
}
console.log(`Commit subjects since ${BASE.slice(0, 7)}: all within ${MAX} characters.`);

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GENERATED_FILE, generateControlChecks } from '../../../scripts/generate-control-checks.ts';

test('the generated control-message checks are those of the current schemas', () => {
  // A schema changed without `npm run generate:control-checks` would leave the pages checking the old one.
  assert.equal(
    readFileSync(GENERATED_FILE, 'utf8'),
    generateControlChecks(),
    'src/shared/generated/control-checks.ts is stale: run npm run generate:control-checks',
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../src/client/ui/backoff.ts';

test('backoff: the minimum first, then doubling, capped at the maximum however many tries', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 1000, 10_000)),
    [1000, 2000, 4000, 8000, 10_000, 10_000],
  );
  assert.equal(backoffDelay(5000, 1500, 15_000), 15_000, 'no overflow after thousands of tries');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../src/client/ui/api.ts';
import { badRequest, HttpError } from '../../src/server/http/errors.ts';
import { ERROR_CODE_LIST, ERROR_CODES } from '../../src/shared/api/error-codes.ts';

// `npx tsc --noEmit` (run before every test run) checks the @ts-expect-error lines: a code outside the union
// must not compile, on the server and in the pages alike.
test('error codes are one union: a code outside it is a type error on both sides', () => {
  // @ts-expect-error 'BAD_REQEST' is not an error code
  const typo = new HttpError(400, 'BAD_REQEST_TYPO', 'x');
  assert.equal(typo.statusCode, 400);
  // @ts-expect-error a made-up code
  assert.equal(badRequest('x', 'NOT_A_CODE').statusCode, 400);
  // @ts-expect-error pages compare against the same union
  const compare = (error: ApiError) => error.code === 'TICKET_REVOKD';
  assert.equal(compare(new ApiError(403, 'TICKET_REVOKED', 'x', {})), false);
  assert.equal(new Set(ERROR_CODE_LIST).size, Object.keys(ERROR_CODES).length);
  for (const code of ERROR_CODE_LIST) assert.match(code, /^[A-Z][A-Z_]+$/);
});

import type { Static } from 'typebox';
import * as Type from 'typebox/type';
import { ERROR_CODE_LIST, type ErrorCode } from './error-codes.ts';

/** One of the codes of error-codes.ts (listed as the enum of the error schema in docs/openapi.json). */
export const ErrorCodeSchema = Type.Unsafe<ErrorCode>({ type: 'string', enum: ERROR_CODE_LIST });

/** Every error answer is `{error, code}` (docs/api.md, "Errors"); some carry extra fields (attemptsRemaining, lockedUntil, …). */
export const ErrorResponse = Type.Object(
  {
    error: Type.String({ description: 'A sentence a person can read; pages show it as it is.' }),
    code: ErrorCodeSchema,
  },
  { additionalProperties: true, description: 'An error: a sentence for people and a code for programs.' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const IceConfigResponse = Type.Object({
  iceServers: Type.Array(
    Type.Object({
      urls: Type.Union([Type.String(), Type.Array(Type.String())]),
      username: Type.Optional(Type.String()),
      credential: Type.Optional(Type.String()),
    }),
  ),
});
export type IceConfigResponse = Static<typeof IceConfigResponse>;

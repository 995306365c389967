import type { Static } from 'typebox';
import * as Type from 'typebox/type';

/** SPEC §5: every error is `{error, code}`; some carry extra fields (attemptsRemaining, lockedUntil, …). */
export const ErrorResponse = Type.Object({ error: Type.String(), code: Type.String() }, { additionalProperties: true });
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

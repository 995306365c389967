import type { Static } from 'typebox';
import * as Type from 'typebox/type';

const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\s\\x00-\\x1f]+$' });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const NewPassword = Type.String({ minLength: 8, maxLength: 1024 });

export const LoginRequest = Type.Object({ username: Username, password: Password });
export type LoginRequest = Static<typeof LoginRequest>;

export const LoginResponse = Type.Object({ id: Type.Integer(), username: Type.String(), csrfToken: Type.String() });
export type LoginResponse = Static<typeof LoginResponse>;

export const MeResponse = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  isAdmin: Type.Boolean(),
  csrfToken: Type.String(),
});
export type MeResponse = Static<typeof MeResponse>;

export const CreateUserRequest = Type.Object({ username: Username, password: NewPassword });
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const CreateUserResponse = Type.Object({ id: Type.Integer(), username: Type.String() });
export type CreateUserResponse = Static<typeof CreateUserResponse>;

export const SetupRequest = Type.Object({
  setupCode: Type.String({ minLength: 1, maxLength: 64 }),
  username: Username,
  password: NewPassword,
});
export type SetupRequest = Static<typeof SetupRequest>;

export const UserSummary = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  isAdmin: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Type.String(),
});
export type UserSummary = Static<typeof UserSummary>;

export const ChangePasswordRequest = Type.Object({ currentPassword: Password, newPassword: NewPassword });
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const ResetPasswordRequest = Type.Object({ password: NewPassword });
export type ResetPasswordRequest = Static<typeof ResetPasswordRequest>;

/** Either or both: `disabled` disables / re-enables the account, `isAdmin` grants / removes administration. */
export const UpdateUserRequest = Type.Object({
  isAdmin: Type.Optional(Type.Boolean()),
  disabled: Type.Optional(Type.Boolean()),
});
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

export const UserIdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) });

export const OkResponse = Type.Object({ ok: Type.Boolean() });
export type OkResponse = Static<typeof OkResponse>;

export const UserListResponse = Type.Object({ users: Type.Array(UserSummary) });
export type UserListResponse = Static<typeof UserListResponse>;

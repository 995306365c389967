import type { IncomingMessage } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { LOGIN_COOKIE } from '../auth/login-cookie.ts';
import type { LoginSessionRepository } from '../auth/login-session-repository.ts';
import type { SignalingCredentials } from './credentials.ts';

/** Calls `onEnd` once when what the socket was opened under ends; answers the unsubscribe. */
export type SocketLifetime = (onEnd: () => void) => () => void;

/**
 * An owner's signaling socket lives as long as the login it was opened under, as the owner's event streams do:
 * a logout, a password change elsewhere, an administrator disabling or deleting the user (on any instance: the
 * end of a login reaches every instance over the cluster bus), and the operator's command line (which ends
 * logins from another process; each instance notices on its periodic check) close it. The browser sends the
 * login cookie with the upgrade; the socket is the owner's when its peer id was issued to that login's user.
 * Answers null without a live login of that user, and the upgrade is refused: an owner's credential alone opens
 * no socket.
 */
export function ownerSocketLifetime(deps: {
  logins: LoginSessionRepository;
  credentials: SignalingCredentials;
}): (req: IncomingMessage, peerId: string) => Promise<SocketLifetime | null> {
  return async (req, peerId) => {
    const secret = req.headers.cookie ? fastifyCookie.parse(req.headers.cookie)[LOGIN_COOKIE] : undefined;
    if (!secret) return null;
    const login = await deps.logins.find(secret);
    if (!login || !deps.credentials.isIssuedTo(peerId, { owner: login.user.id })) return null;
    return (onEnd) => deps.logins.watch(secret, login.expiresAt, onEnd);
  };
}

import type { FastifyBaseLogger } from 'fastify';
import { cleanDisplayText } from '../../shared/unsafe-text.ts';
import type { OidcConfig } from '../config.ts';
import { randomHex } from '../crypto.ts';
import { HttpError } from '../http/errors.ts';
import type { AccountUseCases } from './account-use-cases.ts';
import type { OidcIdentityRepository } from './oidc-identity-repository.ts';
import type { OidcProblem } from './oidc-problems.ts';
import type { UserRepository, UserSummary } from './user-repository.ts';

/** Who the provider says signed in: its issuer, the stable subject, and the claims (ID token and user info). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

export type OidcSignInResult = { user: UserSummary } | { problem: OidcProblem };

/** The users table's limit (varchar(64)). */
const MAX_USERNAME_LENGTH = 64;

export interface OidcSignInDeps {
  settings: Pick<OidcConfig, 'usernameClaim' | 'groupsClaim' | 'adminGroup' | 'createUsers'>;
  users: UserRepository;
  identities: OidcIdentityRepository;
  accounts: AccountUseCases;
  log: FastifyBaseLogger;
}

/**
 * Turns an identity the provider vouched for into a user here: the one linked to it, else the user of the same
 * name (linked from now on), else a new user when the settings allow it. Disabled users are refused, and the
 * admin role follows the admin group when one is configured.
 */
export class OidcSignIn {
  constructor(private readonly deps: OidcSignInDeps) {}

  async userFor(identity: OidcIdentity): Promise<OidcSignInResult> {
    const found = await this.#linkedOrLinkable(identity);
    if ('problem' in found) return found;
    if (found.user.disabled) return { problem: 'disabled' };
    return { user: await this.#withAdminRole(found.user, identity) };
  }

  async #linkedOrLinkable(identity: OidcIdentity): Promise<OidcSignInResult> {
    const { users, settings } = this.deps;
    // Twice at most: a first sign-in that lost the race to create the user finds the winner's user the second time.
    for (let round = 0; round < 2; round++) {
      const linked = await this.#linkedUser(identity);
      if (linked) return { user: linked };
      const username = usernameOf(identity.claims, settings.usernameClaim);
      if (username === null) return { problem: 'no-username' };
      const existing = await users.findByUsername(username);
      if (existing) return await this.#link(identity, existing);
      if (!settings.createUsers) return { problem: 'unknown-user' };
      // A random password nobody knows: the account signs in through the provider until an admin sets one.
      const created = await users.create(username, randomHex(32), this.#isInAdminGroup(identity));
      if (!created) continue;
      this.deps.log.info({ userId: created.id }, 'user created at first sign-in through the OIDC provider');
      const summary = await users.summaryById(created.id);
      if (summary) return await this.#link(identity, summary);
    }
    return { problem: 'taken' };
  }

  async #linkedUser(identity: OidcIdentity): Promise<UserSummary | null> {
    const linkedId = await this.deps.identities.userIdOf(identity.issuer, identity.subject);
    return linkedId === null ? null : await this.deps.users.summaryById(linkedId);
  }

  /**
   * Links the identity to the user. When the database refuses, either a racing sign-in of the same person linked
   * it first (its user is the answer: the subject decides) or the user belongs to another subject of this issuer.
   */
  async #link(identity: OidcIdentity, user: UserSummary): Promise<OidcSignInResult> {
    if (await this.deps.identities.link(identity.issuer, identity.subject, user.id)) return { user };
    const linked = await this.#linkedUser(identity);
    return linked ? { user: linked } : { problem: 'taken' };
  }

  #isInAdminGroup(identity: OidcIdentity): boolean {
    const { adminGroup, groupsClaim } = this.deps.settings;
    return adminGroup !== null && groupsOf(identity.claims[groupsClaim]).includes(adminGroup);
  }

  /** With an admin group configured, the provider's groups decide the role, except that the last active admin stays. */
  async #withAdminRole(user: UserSummary, identity: OidcIdentity): Promise<UserSummary> {
    if (this.deps.settings.adminGroup === null) return user;
    const isAdmin = this.#isInAdminGroup(identity);
    if (isAdmin === user.isAdmin) return user;
    try {
      return await this.deps.accounts.setAdmin(user.id, isAdmin);
    } catch (error) {
      if (!(error instanceof HttpError && error.code === 'LAST_ADMIN')) throw error;
      this.deps.log.warn(
        { userId: user.id },
        'OIDC sign-in: the user left the admin group but stays an administrator, the last active one',
      );
      return user;
    }
  }
}

/**
 * The user name the provider gives. An e-mail address it has not verified is none: whoever typed it in at a
 * provider with self-registration could otherwise take over the user of that name here.
 */
function usernameOf(claims: Record<string, unknown>, claimName: string): string | null {
  const claim = claims[claimName];
  if (typeof claim !== 'string' || (claimName === 'email' && claims.email_verified === false)) return null;
  const username = cleanDisplayText(claim);
  return username && username.length <= MAX_USERNAME_LENGTH ? username : null;
}

/** A groups claim is a list of names, or one name. */
function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  return Array.isArray(claim) ? claim.filter((group): group is string => typeof group === 'string') : [];
}

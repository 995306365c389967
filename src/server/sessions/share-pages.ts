import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import { requireUserPage, signedInUser } from '../auth/guards.ts';
import { HttpError } from '../http/errors.ts';
import { PUBLIC_RATE_LIMIT } from '../http/rate-limits.ts';
import { requestWords } from '../i18n/language-choice.ts';
import { type ShareProblem, shareGuestPage, shareProblemPage } from '../views/share-guest.ts';
import { shareOwnerPage } from '../views/share-owner.ts';
import { LINK_PROBLEM_STATUS, linkProblem, SHORTCODE_PATTERN, TOKEN_PATTERN } from './page-problems.ts';
import type { Shares } from './session-use-cases.ts';

export interface SharePageOptions {
  sessions: Shares;
  publicBaseUrl: (request: FastifyRequest) => string;
}

const STATUS: Record<ShareProblem, number> = { ...LINK_PROBLEM_STATUS, 'not-yours': 403 };

/** Page routes of Forward P2P: /p2p (the owner's "Send files") and /p2p/:shortcode (the guest's download page). */
export const sharePageRoutes: FastifyPluginAsync<SharePageOptions> = async (app, { sessions, publicBaseUrl }) => {
  const defaultExpiresIn = sessions.defaultTtlSeconds;

  // Every page here is HTML that must not be cached, and a guest page must not leak its URL (the invitation).
  app.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload === 'string' && payload.startsWith('<!doctype html>')) {
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer');
    }
    return payload;
  });

  app.get<{ Querystring: { share?: string } }>('/p2p', { preHandler: requireUserPage }, async (request, reply) => {
    const user = signedInUser(request);
    const token = typeof request.query.share === 'string' ? request.query.share : null;
    let share: OwnerSessionView | null = null;
    if (token !== null) {
      try {
        if (!TOKEN_PATTERN.test(token)) throw new HttpError(404, 'NOT_FOUND', 'unknown share');
        const view = await sessions.ownerView(token, user.id, publicBaseUrl(request));
        // Recipients and what they downloaded come with the event stream's first snapshot, not in the HTML.
        share = { ...view, guests: [], files: [] };
      } catch (error) {
        const problem = error instanceof HttpError && error.statusCode === 403 ? 'not-yours' : linkProblem(error);
        if (!problem) throw error;
        return reply.status(STATUS[problem]).send(shareProblemPage(problem, user, 'owner', requestWords(request)));
      }
    }
    return reply.send(shareOwnerPage({ user, share, defaultExpiresIn, words: requestWords(request) }));
  });

  app.get<{ Params: { shortcode: string } }>(
    '/p2p/:shortcode',
    { config: { rateLimit: PUBLIC_RATE_LIMIT } },
    async (request, reply) => {
      const { shortcode } = request.params;
      try {
        if (!SHORTCODE_PATTERN.test(shortcode)) throw new HttpError(404, 'NOT_FOUND', 'unknown share');
        const share = await sessions.publicByShortcode(shortcode, request.clientAddress);
        return reply.send(shareGuestPage({ share, user: request.user, words: requestWords(request) }));
      } catch (error) {
        const problem = linkProblem(error);
        if (!problem) throw error;
        return reply
          .status(STATUS[problem])
          .send(shareProblemPage(problem, request.user, 'guest', requestWords(request)));
      }
    },
  );
};

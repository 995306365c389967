import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireUserPage, signedInUser } from '../auth/guards.ts';
import { HttpError } from '../http/errors.ts';
import { PUBLIC_RATE_LIMIT } from '../http/rate-limits.ts';
import { requestWords } from '../i18n/language-choice.ts';
import { html } from '../views/html.ts';
import { page } from '../views/layout.ts';
import { receiveCreatePage } from '../views/receive-create.ts';
import { receiveGuestPage, receiveGuestProblemPage } from '../views/receive-guest.ts';
import { receiveOwnerPage } from '../views/receive-owner.ts';
import { scanPage } from '../views/scan.ts';
import { LINK_PROBLEM_STATUS, linkProblem, SHORTCODE_PATTERN, TOKEN_PATTERN } from './page-problems.ts';
import type { ReceiveSessions } from './session-use-cases.ts';

export interface ReceivePageOptions {
  sessions: ReceiveSessions;
  publicBaseUrl: (request: FastifyRequest) => string;
}

function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return (
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // A guest page must not leak its URL (which is the invitation) to other sites.
      .header('referrer-policy', 'no-referrer')
      .send(body)
  );
}

function ownerProblemPage(request: FastifyRequest, status: number): string {
  const w = requestWords(request);
  const problem = status === 403 ? 'notYours' : 'notFound';
  const title = w.t(`view.receiveOwner.${problem}.title`);
  return page({
    title,
    user: request.user,
    words: w,
    body: html`<section class="card card--narrow problem"><h1>${title}</h1><p>${w.t(`view.receiveOwner.${problem}.text`)}</p><p><a class="button" href="/p2p/receive">${w.t('view.receiveCreate.sessions')}</a></p></section>`,
  });
}

/** Page routes of Reverse P2P: /p2p/receive, /p2p/receive/:token/waiting, /p2p/receive/:shortcode, /scan. */
export const receivePageRoutes: FastifyPluginAsync<ReceivePageOptions> = async (app, { sessions, publicBaseUrl }) => {
  // The use cases keep the configured default lifetime (PHUPPI_P2P_RECEIVE_TTL); preselect it when it is one of the choices.
  const defaultExpiresIn = sessions.defaultTtlSeconds;

  app.get('/p2p/receive', { preHandler: requireUserPage }, async (request, reply) => {
    return sendHtml(
      reply,
      200,
      receiveCreatePage({ user: signedInUser(request), defaultExpiresIn, words: requestWords(request) }),
    );
  });

  app.get<{ Params: { token: string } }>(
    '/p2p/receive/:token/waiting',
    { preHandler: requireUserPage },
    async (request, reply) => {
      const { token } = request.params;
      const user = signedInUser(request);
      if (!TOKEN_PATTERN.test(token)) return sendHtml(reply, 404, ownerProblemPage(request, 404));
      try {
        const session = await sessions.ownerView(token, user.id, publicBaseUrl(request));
        // Guests and their files come with the event stream's first snapshot: the HTML stays small however many there are.
        return sendHtml(
          reply,
          200,
          receiveOwnerPage({ user, session: { ...session, guests: [], files: [] }, words: requestWords(request) }),
        );
      } catch (error) {
        if (error instanceof HttpError && (error.statusCode === 404 || error.statusCode === 403)) {
          return sendHtml(reply, error.statusCode, ownerProblemPage(request, error.statusCode));
        }
        throw error;
      }
    },
  );

  app.get<{ Params: { shortcode: string } }>(
    '/p2p/receive/:shortcode',
    { config: { rateLimit: PUBLIC_RATE_LIMIT } },
    async (request, reply) => {
      const { shortcode } = request.params;
      if (!SHORTCODE_PATTERN.test(shortcode))
        return sendHtml(reply, 404, receiveGuestProblemPage('not-found', request.user, requestWords(request)));
      try {
        const { session, limits } = await sessions.guestPageByShortcode(shortcode, request.clientAddress);
        return sendHtml(
          reply,
          200,
          receiveGuestPage({ session, limits, user: request.user, words: requestWords(request) }),
        );
      } catch (error) {
        const problem = linkProblem(error);
        if (problem)
          return sendHtml(
            reply,
            LINK_PROBLEM_STATUS[problem],
            receiveGuestProblemPage(problem, request.user, requestWords(request)),
          );
        throw error;
      }
    },
  );

  app.get('/scan', async (request, reply) =>
    sendHtml(reply, 200, scanPage({ user: request.user, words: requestWords(request) })),
  );
};

/**
 * The language picker on translated pages is a plain GET form (`?lang=de`): it works before, and without,
 * any script, and on pages that have none (a link that expired). This hook remembers the choice in the
 * `phuppi_lang` cookie and sends the browser back to the same page without the parameter, so the page's
 * address (a guest's invitation) stays as it was; the page's script state in this tab (a share guest's
 * ticket) survives, as on any reload.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLanguage, type Language } from '../../shared/i18n/catalogue.ts';
import { LANGUAGE_COOKIE, pageLanguage } from './negotiation.ts';
import { type PageWords, wordsFor } from './translations.ts';

const YEAR_SECONDS = 365 * 86400;

/** The language a page is rendered in for this request. */
export function requestLanguage(request: FastifyRequest): Language {
  return pageLanguage(request.cookies?.[LANGUAGE_COOKIE], request.headers['accept-language']);
}

/** The messages of the page this request asks for. */
export function requestWords(request: FastifyRequest): PageWords {
  return wordsFor(requestLanguage(request));
}

/** Registers the `?lang=` hook (after @fastify/cookie). API routes never see it. */
export function registerLanguageChoice(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/')) return;
    const query = request.query as Record<string, unknown> | undefined;
    if (!query || !('lang' in query)) return;
    const chosen = query.lang;
    if (isLanguage(chosen)) {
      reply.setCookie(LANGUAGE_COOKIE, chosen, {
        path: '/',
        maxAge: YEAR_SECONDS,
        sameSite: 'lax',
        httpOnly: true,
        secure: request.protocol === 'https',
      });
    }
    // The request's path taken as a path (a base URL would read "//host/…" as another host).
    const url = new URL(`http://page.invalid${request.url}`);
    url.searchParams.delete('lang');
    // One leading slash: "//other.site/…" (or "/\other.site", which the URL parser turned into it) would send
    // the browser to another site.
    const location = `/${url.pathname.replace(/^\/+/, '')}${url.search}`;
    return reply.header('cache-control', 'no-store').redirect(location, 303);
  });
}

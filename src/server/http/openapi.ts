import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { ERROR_CODES } from '../../shared/api/error-codes.ts';
import { LOGIN_COOKIE } from '../auth/login-cookie.ts';
import { PUBLIC_RATE_LIMIT } from './rate-limits.ts';
import { PUBLIC } from './route-docs.ts';

/** Where the app serves its OpenAPI document (the same document as docs/openapi.json). */
export const OPENAPI_PATH = '/api/docs';

const TAGS = [
  { name: 'Login and users', description: 'Login, logout, the one-time setup, accounts and their administration.' },
  {
    name: 'Receive sessions',
    description: 'The owner receives files: guests with the link and the PIN send them into the owner’s browser.',
  },
  { name: 'Shares', description: 'The owner sends files: guests with the link and the PIN download them.' },
  { name: 'Signaling', description: 'What a page needs to open the PeerJS signaling socket at /peerjs.' },
  { name: 'Documentation', description: 'This document.' },
];

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null;

/** The `{error, code}` schema is the same under every error status: the document names it once (`Error`). */
function shareErrorSchema(original: JsonObject): JsonObject {
  const document = structuredClone(original);
  let errorSchema: unknown = null;
  const paths = isObject(document.paths) ? document.paths : {};
  for (const operations of Object.values(paths).filter(isObject)) {
    for (const operation of Object.values(operations).filter(isObject)) {
      const responses = isObject(operation.responses) ? operation.responses : {};
      for (const [status, response] of Object.entries(responses)) {
        const json = isObject(response) && isObject(response.content) ? response.content['application/json'] : null;
        if (Number(status) < 400 || !isObject(json)) continue;
        errorSchema ??= json.schema;
        json.schema = { $ref: '#/components/schemas/Error' };
      }
    }
  }
  const codes = Object.entries(ERROR_CODES)
    .map(([code, meaning]) => `- \`${code}\`: ${meaning}`)
    .join('\n');
  const components = isObject(document.components) ? document.components : {};
  const error = isObject(errorSchema)
    ? { ...errorSchema, description: `${errorSchema.description ?? ''}\n\n${codes}` }
    : {};
  return { ...document, components: { ...components, schemas: { Error: error } } };
}

/**
 * Collects the OpenAPI document from the route schemas; call before any route is added. Only `/api` routes
 * with a tag appear: pages, assets, the operator's endpoints and /peerjs are not part of the HTTP API.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Phuppi P2P HTTP API',
        version: '1',
        description:
          'JSON in and out. Every error is `{error, code}`. Authentication, CSRF, rate limits and the PIN → ticket → connect chain: docs/api.md.',
      },
      tags: TAGS,
      components: {
        securitySchemes: {
          loginCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: LOGIN_COOKIE,
            description: 'Set by POST /api/auth/login (HttpOnly, SameSite=Lax).',
          },
          csrfToken: {
            type: 'apiKey',
            in: 'header',
            name: 'X-CSRF-Token',
            description: 'The csrfToken of the login; required on every state-changing request of a logged-in user.',
          },
        },
      },
    },
    hideUntagged: true,
    transformObject: (documents) => ('openapiObject' in documents ? shareErrorSchema(documents.openapiObject) : {}),
    transform: ({ schema, url }) => {
      if (!url.startsWith('/api/')) return { schema: { ...schema, hide: true }, url };
      // Every API route says what it does and what it answers: a route without is refused here, so the
      // document (and its test) cannot be generated until it has them.
      if (!schema?.summary || !schema.tags?.length || !schema.response)
        throw new Error(`${url}: an /api route needs tags, a summary and response schemas`);
      return { schema, url };
    },
  });

  // Serialised once: the document only changes with the code.
  let document: string | null = null;
  app.get(
    OPENAPI_PATH,
    {
      config: { rateLimit: PUBLIC_RATE_LIMIT },
      schema: {
        tags: ['Documentation'],
        summary: 'This OpenAPI document (JSON)',
        ...PUBLIC,
        response: { 200: { type: 'object', additionalProperties: true } },
      },
    },
    async (_request, reply) => {
      document ??= JSON.stringify(app.swagger());
      return reply.type('application/json; charset=utf-8').send(document);
    },
  );
}

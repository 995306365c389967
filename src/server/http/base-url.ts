import type { FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../network.ts';

export type BaseUrlOf = (request: FastifyRequest) => string;

/** Share links and QR codes point at PHUPPI_BASE_URL, or at the address the request came to (LAN, not localhost). */
export function baseUrlResolver(configured: string | null): BaseUrlOf {
  return (request) => publicBaseUrl({ configured, protocol: request.protocol, host: request.host });
}

import type { FastifyReply, FastifyRequest } from 'fastify';

const HEARTBEAT_MS = 15_000;

export interface EventStream {
  /** Sends the response head; call once the request is known to be allowed (errors before it stay JSON). */
  start(): void;
  send(event: string, data: unknown): void;
  end(): void;
  onClose(callback: () => void): void;
}

/** A Server-Sent Events response: named events with JSON data, and a comment heartbeat through idle proxies. */
export function streamEvents(request: FastifyRequest, reply: FastifyReply): EventStream {
  const raw = reply.raw;
  const closers: Array<() => void> = [];
  let heartbeat: NodeJS.Timeout | undefined;
  let open = false;
  const close = () => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
    closers.splice(0).forEach((fn) => fn());
  };
  request.raw.on('close', close);
  return {
    start() {
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 2000\n\n');
      open = true;
      heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
    },
    send(event, data) {
      if (open && !raw.writableEnded) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      open = false;
      close();
      if (!raw.writableEnded) raw.end();
    },
    onClose(callback) {
      closers.push(callback);
    },
  };
}

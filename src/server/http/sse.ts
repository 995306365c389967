import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const HEARTBEAT_MS = 15_000;

export interface EventStream {
  /** Sends the response head; call once the request is known to be allowed (errors before it stay JSON). */
  start(): void;
  send(event: string, data: unknown): void;
  end(): void;
  onClose(callback: () => void): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every event stream this app has open, so closing the app can end them (they never end by themselves). */
    openEventStreams: Set<EventStream>;
  }
}

/** Ends every open stream when the app starts closing, before the server waits for its connections. */
export function registerEventStreams(app: FastifyInstance): void {
  app.decorate('openEventStreams', new Set<EventStream>());
  app.addHook('preClose', async () => {
    for (const stream of app.openEventStreams) stream.end();
  });
}

/** A Server-Sent Events response: named events with JSON data, and a comment heartbeat through idle proxies. */
export function streamEvents(request: FastifyRequest, reply: FastifyReply): EventStream {
  const raw = reply.raw;
  const closers: Array<() => void> = [];
  let heartbeat: NodeJS.Timeout | undefined;
  let open = false;
  let closed = false;
  const streams = request.server.openEventStreams;
  const close = () => {
    closed = true;
    streams.delete(stream);
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
    for (const fn of closers.splice(0)) fn();
  };
  request.raw.on('close', close);
  const stream: EventStream = {
    start() {
      streams.add(stream);
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
      // The client may leave while the route still awaits something: what it set up is undone at once.
      if (closed) callback();
      else closers.push(callback);
    },
  };
  return stream;
}

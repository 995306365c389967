import { randomUUID } from 'node:crypto';
import type { BusHandler, Cluster } from './cluster.ts';

/** The cluster of one process: the bus is a map of handlers, every claim succeeds, the bus never goes down. */
export function localCluster(): Cluster {
  const channels = new Map<string, Set<BusHandler>>();
  return {
    instanceId: randomUUID(),
    redis: null,
    async publish(channel, message) {
      // Asynchronous like the Redis bus, so callers never depend on a handler having run before publish returns.
      const handlers = channels.get(channel);
      if (!handlers) return 0;
      queueMicrotask(() => {
        for (const handler of handlers) handler(message);
      });
      return 1;
    },
    subscribe(channel, handler) {
      const handlers = channels.get(channel) ?? new Set<BusHandler>();
      channels.set(channel, handlers);
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
        if (handlers.size === 0) channels.delete(channel);
      };
    },
    subscribed: async () => undefined,
    onBusRestored: () => () => undefined,
    claim: async () => true,
    settle: async (_key, proposal) => proposal,
    health: async () => ({ redis: 'off' }),
    close: async () => channels.clear(),
  };
}

/** Reads a Server-Sent Events response in a test: `next()` resolves with the next {event, data}. */
export async function openEventStream(
  url: string,
  headers: Record<string, string>,
): Promise<{
  status: number;
  next(timeoutMs?: number): Promise<{ event: string; data: any } | null>;
  close(): void;
}> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (!response.ok || !response.body) {
    return { status: response.status, next: async () => null, close: () => controller.abort() };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pending: Array<{ event: string; data: any }> = [];
  let ended = false;
  const pump = async (): Promise<void> => {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return;
    }
    buffer += value;
    for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) pending.push({ event, data: JSON.parse(data) });
    }
  };
  return {
    status: response.status,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (pending.length === 0 && !ended) {
        if (Date.now() > deadline) throw new Error('no event within the time limit');
        await Promise.race([pump(), new Promise((r) => setTimeout(r, deadline - Date.now()))]);
      }
      return pending.shift() ?? null;
    },
    close: () => controller.abort(),
  };
}

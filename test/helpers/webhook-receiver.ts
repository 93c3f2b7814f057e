import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: { scope: string; store_id: string; data: Record<string, unknown>; hash: string; created_at: number; producer: string };
  /** What the receiver answered. */
  readonly status: number;
}

/**
 * A webhook receiver on loopback, as a merchant's would be: it records every request and answers
 * what `answer` says (200 unless told otherwise), after `delayMs`. It also counts how many requests
 * of one event (`webhook-id`) it holds at once: `overlaps` is how often a second arrived while
 * the first was still unanswered.
 */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: Received[];
  answer: (request: { id: string; json: Received['json'] }) => number;
  delayMs: number;
  overlaps: number;
  /** Requests whose body arrived, answered or not. */
  started: number;
  /** Connections opened to it: fewer than requests when the sender keeps them alive. */
  connections: number;
  /** Each event's first arrival, in arrival order, with what it was. */
  firsts(): Received[];
  waitFor(predicate: () => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const inFlight = new Map<string, number>();
  const receiver: Omit<WebhookReceiver, 'url'> & { url: string } = {
    url: '',
    received: [],
    answer: () => 200,
    delayMs: 0,
    overlaps: 0,
    started: 0,
    connections: 0,
    firsts() {
      const seen = new Set<string>();
      return receiver.received.filter((r) => {
        const id = String(r.headers['webhook-id']);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    },
    async waitFor(predicate, ms = 20_000) {
      const until = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > until) throw new Error(`the receiver waited ${ms} ms in vain (it has ${receiver.received.length} requests)`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: async () => undefined,
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(request.headers['webhook-id']);
      receiver.started++;
      const held = (inFlight.get(id) ?? 0) + 1;
      if (held > 1) receiver.overlaps++;
      inFlight.set(id, held);
      const json = JSON.parse(body) as Received['json'];
      const status = receiver.answer({ id, json });
      setTimeout(() => {
        inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
        receiver.received.push({ headers: request.headers, body, json, status });
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver is down');
      }, receiver.delayMs);
    });
  });
  server.on('connection', () => receiver.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

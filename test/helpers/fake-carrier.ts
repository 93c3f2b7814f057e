import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A carrier app on loopback speaking BigCommerce's Shipping Provider API, whose behaviour a test
 * picks by the first path segment of the URL it connects: `/ok/rate` answers at once, `/slow/rate`
 * after `slowMs`, `/fail/rate` with a 502, `/malformed/rate` with HTML, `/flap/rate` alternately
 * fails and answers. `/ok/check` and `/refuse/check` answer `check_connection_options`.
 */
export interface FakeCarrier {
  readonly url: string;
  /** Requests received, by first path segment. */
  readonly calls: Map<string, number>;
  /** The last body received, by first path segment. */
  readonly bodies: Map<string, unknown>;
  /** The rates every quoting behaviour answers with: [code, name, amount]. */
  rates: [string, string, number][];
  ttl: number | undefined;
  slowMs: number;
  close(): Promise<void>;
}

export async function startFakeCarrier(currency = 'USD'): Promise<FakeCarrier> {
  let server: Server | undefined;
  let flaps = 0;
  const state = {
    calls: new Map<string, number>(),
    bodies: new Map<string, unknown>(),
    rates: [['GROUND', 'Acme Ground', 9.5], ['AIR', 'Acme Air', 24]] as [string, string, number][],
    ttl: 60 as number | undefined,
    slowMs: 2000,
  };
  const answer = (res: ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({
      quote_id: 'q1',
      ...(state.ttl === undefined ? {} : { ttl: state.ttl }),
      messages: [],
      carrier_quotes: [{
        carrier_info: { code: 'acme', display_name: 'Acme' },
        quotes: state.rates.map(([code, name, amount]) => ({ code, display_name: name, cost: { currency, amount }, transit_time: { units: 'BUSINESS_DAYS', duration: 2 } })),
      }],
    }));
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const [, mode, action] = (req.url ?? '').split('/');
    state.calls.set(mode!, (state.calls.get(mode!) ?? 0) + 1);
    state.bodies.set(mode!, JSON.parse(body || 'null'));
    if (action === 'check') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(mode === 'refuse' ? { valid: false, messages: [{ type: 'ERROR', text: 'Bad account number' }] } : { valid: true, messages: [] }));
      return;
    }
    switch (mode) {
      case 'slow':
        setTimeout(() => answer(res), state.slowMs).unref();
        return;
      case 'fail':
        res.statusCode = 502;
        res.end('Bad gateway');
        return;
      case 'malformed':
        res.setHeader('content-type', 'text/html');
        res.end('<html>maintenance</html>');
        return;
      case 'flap':
        if (flaps++ % 2 === 0) {
          res.statusCode = 500;
          res.end('{}');
          return;
        }
        answer(res);
        return;
      default:
        answer(res);
    }
  };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server!.closeAllConnections();
      server!.close(() => resolve());
    }),
  });
}

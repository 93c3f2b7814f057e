/**
 * A carrier app on loopback for the benchmark's carrier phases (issue 15): it answers upstream's
 * Shipping Provider rate request (`POST /rate`) at once with two quotes, and counts the requests
 * it gets (`GET /calls`), so that run.ts can tell cache hits from misses. Usage: fake-carrier.ts PORT
 */
import http from 'node:http';

const [portArg] = process.argv.slice(2);
const ANSWER = JSON.stringify({
  quote_id: 'bench',
  ttl: 300,
  messages: [],
  carrier_quotes: [
    {
      carrier_info: { code: 'acme', display_name: 'Acme' },
      quotes: [
        { code: 'GROUND', display_name: 'Acme Ground', cost: { currency: 'USD', amount: 9.5 }, transit_time: { units: 'BUSINESS_DAYS', duration: 3 } },
        { code: 'AIR', display_name: 'Acme Air', cost: { currency: 'USD', amount: 24 }, transit_time: { units: 'BUSINESS_DAYS', duration: 1 } },
      ],
    },
  ],
});
let calls = 0;

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/health') return res.end('{"status":"ok"}');
    if (req.url === '/calls') return res.end(JSON.stringify({ calls }));
    calls++;
    res.end(ANSWER);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));

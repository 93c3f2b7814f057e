import { Writable } from 'node:stream';

const LEVELS: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const COLOURS: Readonly<Record<number, string>> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '35' };
/** pino's own fields, and those a line already shows in its own words. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'responseTime', 'err']);

/**
 * The log for a person at a terminal (LOG_FORMAT=pretty, the default when stdout is a TTY): one
 * short line per entry, `12:03:04 INFO  [req-1] GET /path -> 401 (2.1 ms) refused: wrong token`,
 * instead of pino's JSON. The JSON is what machines read, so it stays the default elsewhere.
 */
export function prettyLogStream(out: NodeJS.WritableStream = process.stdout, colour = (out as { isTTY?: boolean }).isTTY === true): Writable {
  const pending = new Map<string, { method?: string; url?: string }>();
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      const lines = text.split('\n').filter((line) => line !== '');
      out.write(lines.map((line) => formatLine(line, colour, pending)).join(''), () => done());
    },
  });
}

/**
 * One JSON log line as a readable line (anything that is not JSON passes unchanged). A request's
 * "incoming request" line is held back in `pending` and told with its answer, as one line.
 */
export function formatLine(line: string, colour = false, pending = new Map<string, { method?: string; url?: string }>()): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line + '\n';
  }
  const id = entry.reqId === undefined ? undefined : String(entry.reqId);
  if (entry.msg === 'incoming request' && id !== undefined && entry.req) {
    // Requests that never complete (a closed socket) are forgotten in bulk rather than kept forever.
    if (pending.size >= 10_000) pending.clear();
    pending.set(id, entry.req as { method?: string; url?: string });
    return '';
  }
  if (entry.msg === 'request completed' && id !== undefined && !entry.req) {
    const req = pending.get(id);
    pending.delete(id);
    if (req) entry = { ...entry, req };
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const paint = (code: string | undefined, text: string) => (colour && code ? `\u001b[${code}m${text}\u001b[0m` : text);
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '';
  const parts = [paint('90', time), paint(COLOURS[level], (LEVELS[level] ?? String(level)).padEnd(5))];
  if (entry.reqId !== undefined) parts.push(paint('90', `[${String(entry.reqId)}]`));
  const req = entry.req as { method?: string; url?: string } | undefined;
  const res = entry.res as { statusCode?: number } | undefined;
  if (req?.method && res) parts.push(`${req.method} ${req.url ?? ''}`);
  if (res?.statusCode !== undefined) {
    const status = String(res.statusCode);
    parts.push(paint(res.statusCode >= 500 ? '31' : res.statusCode >= 400 ? '33' : '32', `-> ${status}`));
  }
  if (typeof entry.responseTime === 'number') parts.push(paint('90', `(${entry.responseTime.toFixed(1)} ms)`));
  if (typeof entry.msg === 'string' && entry.msg !== 'request completed') parts.push(entry.msg);
  for (const [key, value] of Object.entries(entry)) {
    if (!SHOWN.has(key)) parts.push(paint('36', `${key}=`) + (typeof value === 'string' ? value : JSON.stringify(value)));
  }
  const err = entry.err as { message?: string; stack?: string } | undefined;
  const stack = err ? `\n${paint('31', err.stack ?? err.message ?? JSON.stringify(err))}` : '';
  return parts.filter((part) => part !== '').join(' ') + stack + '\n';
}

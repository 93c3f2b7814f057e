import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let at = pool.length;

/**
 * Random bytes from a buffer refilled from the kernel in batches, as Node does for randomUUID,
 * written out as text in one call. `randomBytes` goes to OpenSSL (and a `getpid` system call) on
 * every call, a few microseconds each time: a visible share of a new cart's profile (its session
 * token) and of a large write's (its consignment and address ids). No byte is handed out twice.
 *
 * @example randomText(32, 'base64url') // a session token: 43 characters
 */
export function randomText(bytes: number, encoding: 'hex' | 'base64url'): string {
  if (at + bytes > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const text = pool.toString(encoding, at, at + bytes);
  at += bytes;
  return text;
}

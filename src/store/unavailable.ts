/**
 * Whether an error means the database could not answer in time or at all (an outage, a restart, a
 * lock held too long), rather than a mistake in the request or the code. Such a request is worth
 * retrying later: the API answers 503 (docs/reliability.md), never 500.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // PostgreSQL SQLSTATEs: connection exceptions (class 08), the server shutting down or starting
    // (57P0x), too many connections, and our own timeouts (statement, lock, idle transaction).
    if (code.startsWith('08') || /^57P0[1-4]$/.test(code)) return true;
    if (['53300', '57014', '55P03', '25P03'].includes(code)) return true;
    // The network under the PostgreSQL client.
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) return true;
    // SQLite: another connection held the file's write lock past busy_timeout.
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED') return true;
  }
  // node-postgres reports a lost or slow connection with a message only.
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/.test(error.message);
}

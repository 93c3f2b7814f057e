/**
 * The native module loads on the first hash or check, not at start: most processes (a CLI
 * command, a service that never sees a sign-in) never need it.
 */
const argon2 = () => import('@node-rs/argon2');

/**
 * Customers' passwords, kept only as Argon2id hashes (PHC strings such as `$argon2id$v=19$...`),
 * with the library's defaults: 19 MiB of memory and two passes, OWASP's recommended minimum for
 * Argon2id. The work runs off the event loop, on libuv's thread pool.
 */
export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password);
}

/**
 * Whether `password` is the one `stored` was made from. With no stored hash (no such customer, or
 * one without a password) a throwaway hash is checked all the same, so that the time taken tells
 * nothing of which emails have accounts.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  const against = stored ?? (await throwaway());
  try {
    const matches = await (await argon2()).verify(against, password);
    return stored !== null && stored !== undefined && matches;
  } catch {
    // A stored value that is no Argon2 hash at all matches nothing.
    return false;
  }
}

let throwawayHash: Promise<string> | undefined;

function throwaway(): Promise<string> {
  throwawayHash ??= hashPassword('no account has this password');
  return throwawayHash;
}

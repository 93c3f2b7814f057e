/** Upstream's v3 envelope: `{ data, meta: {} }` around a server-to-server answer (the demo page's API uses it too). */
export function envelope<T>(data: T): { data: T; meta: Record<string, never> } {
  return { data, meta: {} };
}

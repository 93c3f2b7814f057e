/**
 * Values this process shares between requests (cached checkouts, presented consignments and
 * lines) must never be mutated. Under the test suite they are frozen, so that code mutating one
 * throws there (a 500 a test sees) instead of corrupting another request's answer here.
 */
const FREEZE = process.env.VITEST !== undefined;

export function shareable<T>(value: T): T {
  if (FREEZE) deepFreeze(value);
  return value;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

import { AsyncLocalStorage } from 'node:async_hooks';

/** Whether anything was committed while it ran; see `witnessCommits`. */
export interface CommitWitness {
  committed: boolean;
}

const witnesses = new AsyncLocalStorage<CommitWitness>();

/**
 * The witnesses someone may still read. On Node 20 an AsyncLocalStorage that has run once hooks
 * every promise the process makes from then on, which made every later request, with a key or
 * not, cost about a tenth more CPU (BENCHMARKS.md, "Own-cost cuts"). So the storage is switched
 * off whenever no witness is in use, and the next `witnessCommits` switches it on again.
 */
const inUse = new Set<CommitWitness>();

/**
 * Runs `work` (and everything it starts) watched: a write that commits meanwhile (`markCommitted`)
 * sets `committed` on `witness`, until `endWitness`. The Idempotency-Key hooks use it, so that a
 * request whose write committed keeps its key even if its answer then fails (docs/reliability.md).
 */
export function witnessCommits(witness: CommitWitness, work: () => void): void {
  inUse.add(witness);
  witnesses.run(witness, work);
}

/**
 * Says that `witness` will not be read again (its request's answer is saved). Work it started that
 * is still running marks nothing once no witness is in use; a commit then concerns no one.
 */
export function endWitness(witness: CommitWitness): void {
  if (inUse.delete(witness) && inUse.size === 0) witnesses.disable();
}

/** Says that a write committed; the request being watched, if any, may not be done again. */
export function markCommitted(): void {
  const witness = witnesses.getStore();
  if (witness) witness.committed = true;
}

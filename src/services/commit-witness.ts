import { AsyncLocalStorage } from 'node:async_hooks';

/** Whether anything was committed while it ran; see `witnessCommits`. */
export interface CommitWitness {
  committed: boolean;
}

const witnesses = new AsyncLocalStorage<CommitWitness>();

/**
 * Runs `work` (and everything it starts) watched: a write that commits meanwhile (`markCommitted`)
 * sets `committed` on `witness`. The Idempotency-Key hooks use it, so that a request whose
 * write committed keeps its key even if its answer then fails (docs/reliability.md).
 */
export function witnessCommits(witness: CommitWitness, work: () => void): void {
  witnesses.run(witness, work);
}

/** Says that a write committed; the request being watched, if any, may not be done again. */
export function markCommitted(): void {
  const witness = witnesses.getStore();
  if (witness) witness.committed = true;
}

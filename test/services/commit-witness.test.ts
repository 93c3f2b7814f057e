import { describe, expect, it } from 'vitest';
import { type CommitWitness, endWitness, markCommitted, witnessCommits } from '../../src/services/commit-witness.js';

/** Runs `work` watched by a new witness and resolves when it has; the witness is returned at once. */
function watched(work: () => Promise<void>): { witness: CommitWitness; done: Promise<void> } {
  const witness = { committed: false };
  let done!: Promise<void>;
  witnessCommits(witness, () => {
    done = work();
  });
  return { witness, done };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('commit witness', () => {
  it('marks the request whose work committed, and no other', async () => {
    let commit!: () => void;
    const gate = new Promise<void>((resolve) => (commit = resolve));
    const writer = watched(async () => {
      await gate;
      markCommitted();
    });
    const reader = watched(async () => {
      await tick();
    });
    await reader.done;
    commit();
    await writer.done;
    expect(writer.witness.committed).toBe(true);
    expect(reader.witness.committed).toBe(false);
    endWitness(reader.witness);
    endWitness(writer.witness);
  });

  it('still sees a commit of one request after another request stopped being watched', async () => {
    // Ending the last witness in use switches the storage off: ending one of two must not.
    let commit!: () => void;
    const gate = new Promise<void>((resolve) => (commit = resolve));
    const slow = watched(async () => {
      await gate;
      await tick();
      markCommitted();
    });
    const quick = watched(async () => {});
    await quick.done;
    endWitness(quick.witness);
    commit();
    await slow.done;
    expect(slow.witness.committed).toBe(true);
    endWitness(slow.witness);
  });

  it('watches again after every witness has ended', async () => {
    const first = watched(async () => markCommitted());
    await first.done;
    endWitness(first.witness);
    markCommitted(); // no request is watched: nothing to mark, and nothing thrown
    const second = watched(async () => {
      await tick();
      markCommitted();
    });
    await second.done;
    expect(second.witness.committed).toBe(true);
    endWitness(second.witness);
  });
});

import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type Reusable, ReusableShapes } from './reusable-query.js';
import type { Database } from './schema.js';

/**
 * A write that commits with a conditional one (a cart's versioned update or delete, its insert that
 * checks the configuration version, an order's versioned update), and only when that one matched:
 * a cart's parts, an order, the webhook outbox's rows, a new cart's browser session.
 */
export interface Rider {
  /** Names the statement's SQL text: riders of one shape differ only in `values` (see `ReusableShapes`). */
  readonly shape: string;
  /** The statement's values, in the order its SQL takes them. */
  readonly values: readonly unknown[];
  /**
   * The statement. Given `matched`, a relation that holds a row only when the conditional write
   * matched, it writes nothing while that is empty (see `whenMatched`); given nothing, the caller
   * checked already and it writes unconditionally.
   */
  readonly statement: (matched: RawBuilder<unknown> | undefined) => RawBuilder<unknown>;
}

/** A rider's `WHERE` condition: the conditional write matched (or the caller checked it already). */
export function whenMatched(matched: RawBuilder<unknown> | undefined): RawBuilder<unknown> {
  return matched ? sql`EXISTS (SELECT 1 FROM ${matched})` : sql`true`;
}

/** The compiled statements of each conditional write with its riders, by their shapes. */
const withRiders = new WeakMap<object, ReusableShapes>();

/**
 * Runs `write` (which changes one row or none) and, only when it changed one, `riders`: all of it
 * commits, or none of it; returns whether `write` matched.
 *
 * On PostgreSQL every statement is a round trip, and a transaction of a write and its riders was
 * BEGIN, the write, each rider, COMMIT. There it is one statement instead, the riders as
 * data-modifying WITH queries that read the write's RETURNING:
 * `WITH matched AS (<write> RETURNING 1), rider_0 AS (<rider reading matched>), … SELECT 1 FROM matched`.
 * A statement commits whole. Each rider's condition reads `matched` before the rider writes a row,
 * so the write (and the row lock it takes, which a concurrent writer of the same row waits for)
 * comes first, as in the transaction: a write that lost the race to another version writes no rider.
 * A WITH query that changes data always runs to its end, read or not. The riders touch no row the
 * write or another rider touches (PostgreSQL would not let one statement change a row twice).
 *
 * On SQLite a statement is a call within the process and a transaction is cheap (and a WITH holds
 * only queries that read): the write, then, if it matched, each rider, in `transaction`.
 */
export async function writeIfMatched<A extends unknown[]>(
  db: Kysely<Database>,
  kind: 'sqlite' | 'postgres',
  transaction: <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>,
  write: Reusable<A, unknown>,
  args: A,
  riders: readonly Rider[],
): Promise<boolean> {
  const matched = async (trx: Kysely<Database>) => (await write.execute(trx, ...args)).numAffectedRows === 1n;
  if (riders.length === 0) return matched(db);
  let shapes = withRiders.get(write);
  if (!shapes) withRiders.set(write, (shapes = new ReusableShapes()));
  const compiled = shapes;
  if (kind === 'sqlite') {
    return transaction(async (trx) => {
      if (!(await matched(trx))) return false;
      for (const rider of riders) await compiled.execute(trx, rider.shape, rider.values, () => rider.statement(undefined).compile(trx));
      return true;
    });
  }
  const name = sql.raw('matched');
  const statement = () => {
    const withs = riders.map((rider, i) => sql`, ${sql.raw(`rider_${i}`)} AS (${rider.statement(name)})`);
    return sql`WITH matched AS (${write.build(db, ...args)} RETURNING 1)${sql.join(withs, sql``)} SELECT 1 FROM matched`.compile(db);
  };
  const shape = riders.map((rider) => rider.shape).join(', ');
  const { rows } = await compiled.execute(db, shape, [...args, ...riders.flatMap((rider) => rider.values)], statement);
  return rows.length === 1;
}

import type { Compilable, CompiledQuery, Kysely, OperationNodeSource, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/**
 * A query whose SQL is compiled once. Kysely builds and compiles each query it runs; on the paths
 * every cart request takes that was a visible share of the benchmark's CPU profile (BENCHMARKS.md).
 * The first call compiles the query with its own values; when the compiled parameters are exactly
 * those values in order, later calls run the same SQL with theirs. Otherwise (a value inlined
 * into the SQL, or reordered) every call compiles afresh, as before.
 */
export class Reusable<A extends unknown[], R> {
  #compiled: CompiledQuery<R> | null | undefined;

  /** `build` gives the query with these values, to run or to embed in another statement. */
  constructor(readonly build: (db: Kysely<Database>, ...args: A) => Compilable<R> & OperationNodeSource) {}

  execute(db: Kysely<Database>, ...args: A): Promise<QueryResult<R>> {
    const compiled = this.#compiled;
    if (compiled) return db.executeQuery({ ...compiled, parameters: args });
    const query = this.build(db, ...args).compile();
    if (compiled === undefined) {
      const same = query.parameters.length === args.length && query.parameters.every((p, i) => Object.is(p, args[i]));
      this.#compiled = same ? query : null;
    }
    return db.executeQuery(query);
  }
}

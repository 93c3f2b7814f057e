import type { Compilable, CompiledQuery, Kysely, OperationNodeSource, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/**
 * Queries whose SQL is compiled once per shape. Kysely builds and compiles each query it runs; on
 * the paths every cart request takes that was a visible share of the benchmark's CPU profile
 * (BENCHMARKS.md). The first run of a shape compiles the query with its own values; when the
 * compiled parameters are exactly those values in order, later runs of the shape send the same
 * SQL with theirs. Otherwise (a value inlined into the SQL, or reordered) every run compiles
 * afresh, as before. A shape must name whatever changes the SQL's text besides the values (how
 * many statements ride on a write, how long an IN list is).
 */
export class ReusableShapes {
  readonly #compiled = new Map<string, CompiledQuery | null>();

  execute<R>(db: Kysely<Database>, shape: string, values: readonly unknown[], compile: () => CompiledQuery<R>): Promise<QueryResult<R>> {
    const compiled = this.#compiled.get(shape) as CompiledQuery<R> | null | undefined;
    if (compiled) return db.executeQuery({ ...compiled, parameters: values });
    const query = compile();
    if (compiled === undefined) {
      const same = query.parameters.length === values.length && query.parameters.every((p, i) => Object.is(p, values[i]));
      this.#compiled.set(shape, same ? query : null);
    }
    return db.executeQuery(query);
  }
}

/** A query of one shape (see `ReusableShapes`). */
export class Reusable<A extends unknown[], R> {
  readonly #shapes = new ReusableShapes();

  /** `build` gives the query with these values, to run or to embed in another statement. */
  constructor(readonly build: (db: Kysely<Database>, ...args: A) => Compilable<R> & OperationNodeSource) {}

  execute(db: Kysely<Database>, ...args: A): Promise<QueryResult<R>> {
    return this.#shapes.execute(db, '', args, () => this.build(db, ...args).compile());
  }
}

import type Database from 'better-sqlite3';

/**
 * The database with `prepare` memoized by SQL text: a statement is compiled once and reused, so
 * the queries on hot paths (every websocket upgrade, every join's audit entry) do not pay for
 * compiling SQL each time. Everything else passes through.
 */
export function withStatementCache(db: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          let statement = cache.get(sql);
          if (statement === undefined) {
            statement = target.prepare(sql);
            cache.set(sql, statement);
          }
          return statement;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

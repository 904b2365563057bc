/**
 * Row shapes shared by the SQLite and PostgreSQL stores: an integer column arrives as a number
 * from SQLite and as a string from PostgreSQL's int8, and a JSON column as text from SQLite and
 * parsed from PostgreSQL's jsonb, so each store's converters take either.
 */
export type Int = number | string;

export const int = (value: Int): number => Number(value);
export const intOrNull = (value: Int | null): number | null =>
  value === null ? null : Number(value);
export const json = <T>(value: string | T): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

import {
  type ColumnDataType,
  type CreateTableBuilder,
  type Expression,
  type Kysely,
  type Migration,
  sql,
} from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** A migration written once for both stores: it is told which one it runs on. */
export type PortableMigration = (dialect: DialectName) => Migration;

// biome-ignore lint/suspicious/noExplicitAny: Kysely's Migration takes Kysely<any>: a migration runs against the schema of its own step, which no one type describes.
export type AnyDb = Kysely<any>;

/** The column types that differ between the stores, so one migration serves both. */
export function columnTypes(dialect: DialectName): {
  timestamp: ColumnDataType;
  tinyint: ColumnDataType | Expression<unknown>;
  true: Expression<unknown>;
} {
  return dialect === 'sqlite'
    ? { timestamp: 'datetime' as ColumnDataType, tinyint: sql`tinyint`, true: sql`1` }
    : { timestamp: 'timestamptz', tinyint: 'smallint', true: sql`true` };
}

/** Auto-incrementing integer key: AUTOINCREMENT on SQLite (as in the feature request), serial on PostgreSQL. */
export function withIdColumn<TB extends string>(
  builder: CreateTableBuilder<TB, never>,
  dialect: DialectName,
): CreateTableBuilder<TB, 'id'> {
  return dialect === 'sqlite'
    ? builder.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    : builder.addColumn('id', 'serial', (col) => col.primaryKey());
}

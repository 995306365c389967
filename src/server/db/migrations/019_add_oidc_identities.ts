import type { PortableMigration } from '../dialect.ts';
import { columnTypes } from '../dialect.ts';

/**
 * Which account at an OpenID Connect provider is which user here. The provider's `sub` is stable and unique per
 * issuer (a name or an e-mail address can change hands), so a user is found by issuer + subject once linked. One
 * user has at most one subject per issuer: a second account at the provider cannot reach the same user.
 * Deleting a user deletes their links.
 */
export const migration: PortableMigration = (dialect) => ({
  async up(db) {
    await db.schema
      .createTable('oidc_identities')
      .addColumn('issuer', 'varchar(512)', (col) => col.notNull())
      .addColumn('subject', 'varchar(255)', (col) => col.notNull())
      .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', columnTypes(dialect).timestamp, (col) => col.notNull())
      .addPrimaryKeyConstraint('oidc_identities_pk', ['issuer', 'subject'])
      .addUniqueConstraint('oidc_identities_one_per_user', ['issuer', 'user_id'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('oidc_identities').execute();
  },
});

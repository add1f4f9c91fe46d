import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/infra/migrate.js';
import { adminQuery, databaseUrl } from '../helpers/databases.js';

const name = `cc_test_empty_${randomBytes(5).toString('hex')}`;
let client: pg.Client;

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE ${name}`);
  client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe('migrations', () => {
  it('build the whole schema on an empty database, and a second run changes nothing', async () => {
    expect(await applyMigrations(databaseUrl(name))).toMatch(/successfully applied/);

    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      'Attachment',
      'CannedResponse',
      'Conversation',
      'ConversationLabel',
      'ConversationRead',
      'Customer',
      'CustomerIdentity',
      'CustomerMergeSuggestion',
      'DomainEvent',
      'EmailHeldMail',
      'EmailMailbox',
      'EventCursor',
      'Inbox',
      'Label',
      'Message',
      'Notification',
      'SatisfactionRating',
      'Team',
      'TeamMembership',
      'TimelineEvent',
      'User',
      '_prisma_migrations',
    ]);
    const pending = await client.query('SELECT 1 FROM _prisma_migrations WHERE finished_at IS NULL');
    expect(pending.rowCount).toBe(0);

    expect(await applyMigrations(databaseUrl(name))).toMatch(/No pending migrations/);
  });

  it('index the columns the conversation list filters and sorts by', async () => {
    const indexes = await client.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'Conversation'",
    );
    const definitions = indexes.rows.map((row) => row.indexdef).join('\n');
    for (const leading of ['(status, "lastMessageAt" DESC, id)', '("assigneeId", status', '("teamId", status', '("inboxId", status']) {
      expect(definitions).toContain(leading);
    }
    const identity = await client.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'CustomerIdentity_kind_value_key'");
    expect(identity.rows[0]?.indexdef).toMatch(/UNIQUE INDEX .*\(kind, value\)/);
    // The list's search: full-text on messages and customers, prefix on identities.
    const search = await client.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE indexname IN ('Message_textSearch_idx', 'Customer_name_company_fts_idx', 'CustomerIdentity_value_prefix_idx')",
    );
    expect(search.rowCount).toBe(3);
  });
});

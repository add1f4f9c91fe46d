/*
 * The console's conversation list at scale: seeds 100,000 conversations with ~300,000 messages
 * into a fresh database (set-wise INSERT ... SELECT generate_series), then times
 * GET /api/conversations over HTTP, as the console calls it, and prints p50/p95 per case.
 *
 *   npm run bench:console-list [-- --conversations 100000 --runs 40 --keep]
 *
 * Runs the real app in this process (a fresh database copied from the migrated template and a
 * fresh Redis prefix, both removed at the end).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { hashPassword } from '../src/modules/auth/password.js';
import { api, login } from '../test/helpers/fixtures.js';
import setupTemplate from '../test/helpers/global-setup.js';
import { startTestApp } from '../test/helpers/test-app.js';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '40' },
    // Leaves the seeded database in place (its URL is printed) for EXPLAIN ANALYZE.
    keep: { type: 'boolean', default: false },
  },
});
const conversations = Number(values.conversations);
const runs = Number(values.runs);
const customers = Math.ceil(conversations / 2);
const TEAMS = 10;
const AGENTS = 200;

const FIRST = ['anna', 'ben', 'chen', 'dana', 'emil', 'fatima', 'georg', 'hana', 'ivan', 'julia', 'karl', 'lena', 'mei', 'nils', 'olga', 'paul'];
const LAST = ['schmidt', 'mueller', 'wang', 'garcia', 'novak', 'kowalski', 'tanaka', 'silva', 'berg', 'fischer', 'weber', 'li', 'meyer', 'rossi'];
const WORDS = ['order', 'refund', 'invoice', 'delivery', 'password', 'account', 'upgrade', 'cancel', 'broken', 'shipping', 'warranty', 'login'];

async function seed(client: pg.Client, passwordHash: string): Promise<void> {
  const sqlArray = (items: string[]) => `ARRAY[${items.map((item) => `'${item}'`).join(',')}]`;
  await client.query(`
    INSERT INTO "Team" (id, name, "updatedAt") SELECT gen_random_uuid(), 'team ' || t, now() FROM generate_series(1, ${TEAMS}) t;
    INSERT INTO "Inbox" (id, name, channel, "publicToken", "teamId", "updatedAt")
      SELECT gen_random_uuid(), 'inbox ' || i, (ARRAY['WEBCHAT','EMAIL','SMS','VOICE','TICKET'])[1 + i % 5]::"ChannelKind",
             'bench-' || i, (SELECT id FROM "Team" ORDER BY name OFFSET (i % ${TEAMS}) LIMIT 1), now()
      FROM generate_series(1, 20) i;
    INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
      SELECT gen_random_uuid(), 'agent' || a || '@bench.test', 'Agent ' || a, '${passwordHash}',
             (CASE WHEN a = 1 THEN 'SUPERVISOR' ELSE 'AGENT' END)::"UserRole", now()
      FROM generate_series(1, ${AGENTS}) a;
    INSERT INTO "TeamMembership" ("teamId", "userId")
      SELECT t.id, u.id FROM "User" u JOIN LATERAL (SELECT id FROM "Team" ORDER BY name OFFSET (abs(hashtext(u.email)) % ${TEAMS}) LIMIT 1) t ON true;
    INSERT INTO "Label" (id, name, color) SELECT gen_random_uuid(), 'label ' || l, '#336699' FROM generate_series(1, 10) l;
  `);
  await client.query(`
    CREATE TEMP TABLE bench_customer AS
      SELECT c, gen_random_uuid() AS id,
             (${sqlArray(FIRST)})[1 + c % ${FIRST.length}] AS first, (${sqlArray(LAST)})[1 + (c / ${FIRST.length}) % ${LAST.length}] AS last
      FROM generate_series(1, ${customers}) c;
    INSERT INTO "Customer" (id, name, company, "updatedAt")
      SELECT id, initcap(first) || ' ' || initcap(last), 'Company ' || (c % 997), now() FROM bench_customer;
    INSERT INTO "CustomerIdentity" (id, "customerId", kind, value)
      SELECT gen_random_uuid(), id, 'EMAIL'::"IdentityKind", first || '.' || last || c || '@example' || (c % 50) || '.com' FROM bench_customer
      UNION ALL
      SELECT gen_random_uuid(), id, 'PHONE'::"IdentityKind", '+49151' || lpad(c::text, 8, '0') FROM bench_customer;
  `);
  await client.query(`
    CREATE TEMP TABLE bench_inbox AS SELECT row_number() OVER (ORDER BY name) - 1 AS n, id, "teamId" FROM "Inbox";
    CREATE TEMP TABLE bench_agent AS SELECT row_number() OVER (ORDER BY email) - 1 AS n, id FROM "User";
    INSERT INTO "Conversation" (id, "inboxId", "customerId", status, priority, "assigneeId", "teamId", subject, "lastMessageAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), i.id, cu.id,
             (ARRAY['OPEN','OPEN','PENDING','SNOOZED','RESOLVED','RESOLVED','RESOLVED'])[1 + abs(hashtext(s || 'status')) % 7]::"ConversationStatus",
             (ARRAY['NONE','LOW','MEDIUM','HIGH','URGENT'])[1 + abs(hashtext(s || 'priority')) % 5]::"ConversationPriority",
             CASE WHEN abs(hashtext(s || 'assigned')) % 10 < 3 THEN NULL ELSE a.id END, i."teamId", 'Subject ' || s,
             now() - (s * interval '37 seconds'), now() - (s * interval '37 seconds') - interval '1 hour', now()
      FROM generate_series(1, ${conversations}) s
      JOIN bench_inbox i ON i.n = abs(hashtext(s || 'inbox')) % 20
      JOIN bench_agent a ON a.n = abs(hashtext(s || 'agent')) % ${AGENTS}
      JOIN bench_customer cu ON cu.c = 1 + s % ${customers};
  `);
  await client.query(`
    INSERT INTO "Message" (id, "conversationId", "inboxId", direction, "senderType", text, "deliveryStatus", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), c.id, c."inboxId",
             (CASE WHEN m = 2 THEN 'OUTBOUND' ELSE 'INBOUND' END)::"MessageDirection",
             (CASE WHEN m = 2 THEN 'AGENT' ELSE 'CUSTOMER' END)::"SenderType",
             'Hello, about my ' || (${sqlArray(WORDS)})[1 + (abs(hashtext(c.id::text)) + m) % ${WORDS.length}]
               || ' number ' || (abs(hashtext(c.id::text || m)) % 100000) || ', can you help me please',
             (CASE WHEN m = 2 THEN 'SENT' ELSE 'RECEIVED' END)::"DeliveryStatus",
             c."lastMessageAt" - ((3 - m) * interval '1 minute'), now()
      FROM "Conversation" c CROSS JOIN generate_series(1, 3) m;
    INSERT INTO "ConversationLabel" ("conversationId", "labelId")
      SELECT c.id, l.id FROM (SELECT id, row_number() OVER () AS n FROM "Conversation") c
      JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM "Label") l ON l.n = c.n % 10
      WHERE c.n % 5 = 0;
    INSERT INTO "ConversationRead" ("userId", "conversationId", "lastReadAt")
      SELECT c."assigneeId", c.id, c."lastMessageAt" FROM "Conversation" c WHERE c."assigneeId" IS NOT NULL AND abs(hashtext(c.id::text)) % 2 = 0;
    ANALYZE;
  `);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  await setupTemplate();
  const app = await startTestApp({ DATABASE_POOL_SIZE: '10', ROUTING_SWEEP_INTERVAL_MS: '600000' });
  const client = new pg.Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    await seed(client, await hashPassword('bench-password-123'));
    const counted = await client.query<{ conversations: string; messages: string }>(
      'SELECT (SELECT count(*) FROM "Conversation") AS conversations, (SELECT count(*) FROM "Message") AS messages',
    );
    console.log(`seeded ${counted.rows[0]!.conversations} conversations, ${counted.rows[0]!.messages} messages in ${Math.round(performance.now() - started)} ms`);

    const agentCookie = await login(app.url, 'agent2@bench.test', 'bench-password-123');
    const supervisorCookie = await login(app.url, 'agent1@bench.test', 'bench-password-123');
    const list = async (cookie: string, query: Record<string, string>) => {
      const response = await api(app.url, cookie, `/api/conversations?${new URLSearchParams(query)}`);
      if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
      return response.body as { items: unknown[]; nextCursor: string | null };
    };
    let cursor = '';
    for (let page = 1; page < 20; page++) cursor = (await list(supervisorCookie, { view: 'all', ...(cursor && { cursor }) })).nextCursor!;

    const cases: [string, string, Record<string, string>][] = [
      ['agent, view=mine', agentCookie, { view: 'mine' }],
      ['agent, view=unassigned', agentCookie, { view: 'unassigned' }],
      ['agent, view=teams', agentCookie, { view: 'teams' }],
      ['supervisor, view=all', supervisorCookie, { view: 'all' }],
      ['supervisor, view=all, status=OPEN', supervisorCookie, { view: 'all', status: 'OPEN' }],
      ['supervisor, page 20 via cursor', supervisorCookie, { view: 'all', cursor }],
      ['search by name ("julia schm")', supervisorCookie, { view: 'all', q: 'julia schm' }],
      ['search by e-mail prefix ("anna.wang1")', supervisorCookie, { view: 'all', q: 'anna.wang1' }],
      ['search by phone ("0151 0000 12")', supervisorCookie, { view: 'all', q: '+49 151 0000 12' }],
      ['search by message word ("warranty")', supervisorCookie, { view: 'all', q: 'warranty' }],
      ['agent, view=teams, search "refund"', agentCookie, { view: 'teams', q: 'refund' }],
    ];
    console.log(`\n${'case'.padEnd(42)} ${'items'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
    for (const [name, cookie, query] of cases) {
      const items = (await list(cookie, query)).items.length; // warm-up
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const start = performance.now();
        await list(cookie, query);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      console.log(`${name.padEnd(42)} ${String(items).padStart(5)} ${percentile(times, 50).toFixed(1).padStart(8)} ${percentile(times, 95).toFixed(1).padStart(8)}`);
    }
  } finally {
    await client.end();
    if (values.keep) {
      await app.stop();
      console.log(`kept the database: ${app.databaseUrl}`);
    } else {
      await app.close();
    }
  }
}

await main();

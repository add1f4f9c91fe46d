import { randomBytes } from 'node:crypto';
import type { Db } from '../src/infra/db.js';
import { hashPassword } from '../src/modules/auth/password.js';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

const DEVELOPMENT_PASSWORD = 'contact-center-demo';
/** pg_advisory_xact_lock key: processes starting together on an empty database seed one at a time. */
const SEED_LOCK = 0x5eed_de70;

/**
 * A small demo organisation for an empty database: an admin, a supervisor, two agents,
 * two teams, a web-chat inbox, and a few labels and canned responses for the console. Returns the logins to print, or null when the
 * database already has users (also when another process seeded it first). Production gets random passwords, never a known one.
 */
export async function seedDemo(db: Db, options: { production: boolean }): Promise<DemoLogin[] | null> {
  if ((await db.user.count()) > 0) return null;
  const password = options.production ? randomBytes(12).toString('base64url') : DEVELOPMENT_PASSWORD;
  const passwordHash = await hashPassword(password);

  return db.$transaction(async (tx) => {
    // Another process may have seeded while we waited for the lock: then there is nothing to do.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
    if ((await tx.user.count()) > 0) return null;
    const support = await tx.team.create({ data: { name: 'Support', description: 'First-line customer support' } });
    const sales = await tx.team.create({ data: { name: 'Sales', description: 'Pre-sales questions and quotes' } });
    const people = [
      { email: 'admin@demo.test', name: 'Ada Admin', role: 'ADMIN', teams: [support.id, sales.id] },
      { email: 'supervisor@demo.test', name: 'Sam Supervisor', role: 'SUPERVISOR', teams: [support.id, sales.id] },
      { email: 'agent1@demo.test', name: 'Alice Agent', role: 'AGENT', teams: [support.id] },
      { email: 'agent2@demo.test', name: 'Bob Agent', role: 'AGENT', teams: [support.id, sales.id] },
    ] as const;
    for (const person of people) {
      await tx.user.create({
        data: {
          email: person.email,
          name: person.name,
          role: person.role,
          passwordHash,
          memberships: { create: person.teams.map((teamId) => ({ teamId })) },
        },
      });
    }
    await tx.inbox.create({
      data: {
        name: 'Website chat',
        channel: 'WEBCHAT',
        teamId: support.id,
        publicToken: 'demo-website-chat',
        settings: { greeting: 'Hi! How can we help?' },
      },
    });
    await tx.label.createMany({
      data: [
        { name: 'billing', color: '#2563eb', description: 'Invoices, refunds and payments' },
        { name: 'bug', color: '#dc2626', description: 'Something in the product is broken' },
        { name: 'vip', color: '#a16207', description: 'Key customer: answer first' },
      ],
    });
    await tx.cannedResponse.createMany({
      data: [
        { shortCode: 'hello', title: 'Greeting', content: 'Hi {{customer.name}}, this is {{agent.name}}. How can I help?' },
        { shortCode: 'thanks', title: 'Closing', content: 'Thank you for contacting us, {{customer.name}}. Have a great day!' },
        { shortCode: 'ticket', title: 'Reference number', content: 'Your reference is #{{conversation.number}}; quote it if you write again.' },
      ],
    });
    return people.map(({ role, email }) => ({ role, email, password }));
  });
}

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeSockets, connectAgent, connectVisitor, createTeam, createUser, createWebchatInbox, login, nextEvent, request } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { LocalFileStorage } from '../../src/infra/file-storage.js';
import { Signer } from '../../src/infra/signer.js';
import { AttachmentsService } from '../../src/modules/attachments/attachments.service.js';

/* Files agents send: POST /api/uploads, then a chat reply or a note carrying the upload tokens. */

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201a2d4b1f40000000049454e44ae426082',
  'hex',
);

let app: TestApp;
let inboxToken: string;
let aliceCookie: string;
let bobCookie: string;
let aliceId: string;

beforeAll(async () => {
  app = await startTestApp();
  const team = await createTeam(app.db);
  inboxToken = (await createWebchatInbox(app.db, { teamId: team.id })).publicToken;
  const [alice, bob] = await Promise.all([
    createUser(app.db, { teamIds: [team.id], name: 'Alice Agent' }),
    createUser(app.db, { teamIds: [team.id], name: 'Bob Agent' }),
  ]);
  aliceId = alice.id;
  [aliceCookie, bobCookie] = await Promise.all([login(app.url, alice.email), login(app.url, bob.email)]);
});

afterAll(async () => {
  closeSockets();
  await app?.close();
});

async function upload(cookie: string, bytes: Buffer, fileName = 'label.png') {
  const response = await fetch(`${app.url}/api/uploads?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** The server's attachments service as it was `hoursAgo` (same secret, storage and Redis), to make tokens and links that are old by now. */
function attachmentsTwoHoursAgo(hoursAgo = 2) {
  return new AttachmentsService({
    db: app.db,
    storage: new LocalFileStorage(join(app.config.dataDir, 'files')),
    signer: new Signer(app.config.appSecret!),
    redis: app.redis,
    keyPrefix: app.redisPrefix,
    maxBytes: 1024 * 1024,
    now: () => Date.now() - hoursAgo * 3600_000,
  });
}

async function startChat() {
  const visitor = await connectVisitor(app.url, inboxToken);
  const sent = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), text: 'Here is my order' });
  return { visitor, conversationId: sent.conversationId as string };
}

describe('agent files', () => {
  it('sends a picture in a chat reply that the customer can download', async () => {
    const { visitor, conversationId } = await startChat();
    const stored = await upload(aliceCookie, PNG, '../shipping label.png');
    expect(stored.status).toBe(201);
    expect(stored.body.upload).toMatchObject({ fileName: 'shipping label.png', contentType: 'image/png', byteSize: PNG.length });

    const agent = await connectAgent(app.url, aliceCookie);
    const reply = nextEvent(visitor.socket, 'message', (payload) => payload.message.direction === 'OUTBOUND');
    const ack = await request(agent, 'message:send', { conversationId, text: '', uploads: [stored.body.upload.token] });
    expect(ack.ok).toBe(true);

    const { message } = await reply;
    expect(message.attachments).toHaveLength(1);
    const download = await fetch(`${app.url}${message.attachments[0].url}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
    const row = await app.db.attachment.findFirstOrThrow({ where: { messageId: ack.message.id } });
    expect(row).toMatchObject({ fileName: 'shipping label.png', contentType: 'image/png', byteSize: PNG.length });
  });

  it('attaches files to a note over REST, and the note stays away from the customer', async () => {
    const { conversationId } = await startChat();
    const stored = await upload(aliceCookie, PNG);
    const note = await api(app.url, aliceCookie, `/api/conversations/${conversationId}/messages`, {
      body: { text: 'the label they mean', isPrivate: true, uploads: [stored.body.upload.token] },
    });
    expect(note.status).toBe(201);
    expect(note.body.message).toMatchObject({ isPrivate: true, attachments: [{ fileName: 'label.png', contentType: 'image/png' }] });
  });

  it("refuses another agent's upload token, files of unknown types, and an empty message", async () => {
    const { conversationId } = await startChat();
    const alices = await upload(aliceCookie, PNG);
    const path = `/api/conversations/${conversationId}/messages`;
    const stolen = await api(app.url, bobCookie, path, { body: { text: 'mine now', uploads: [alices.body.upload.token] } });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.message).toMatch(/not valid any more/);

    const executable = await upload(aliceCookie, Buffer.from('MZ\x90\x00 not a picture'), 'setup.exe');
    expect(executable.status).toBe(400);
    expect(executable.body.error.message).toMatch(/cannot be sent/);

    const empty = await api(app.url, aliceCookie, path, { body: { text: '   ' } });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body.error)).toMatch(/needs some text or a file/);
    expect(await app.db.message.count({ where: { conversationId, direction: 'OUTBOUND' } })).toBe(0);
  });

  it('redeems a token once: a retry of the same message lands once, another message is refused', async () => {
    const { conversationId } = await startChat();
    const { token } = (await upload(aliceCookie, PNG)).body.upload;
    const path = `/api/conversations/${conversationId}/messages`;
    const clientMessageId = randomUUID();
    const first = await api(app.url, aliceCookie, path, { body: { text: 'label', uploads: [token], clientMessageId } });
    const retry = await api(app.url, aliceCookie, path, { body: { text: 'label', uploads: [token], clientMessageId } });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.message.id).toBe(first.body.message.id);

    const agent = await connectAgent(app.url, aliceCookie);
    const again = await request(agent, 'message:send', { conversationId, text: 'once more', uploads: [token], clientMessageId: randomUUID() });
    expect(again.ok).toBe(false);
    expect(JSON.stringify(again.error)).toMatch(/already sent/);
    expect(await app.db.attachment.count({ where: { message: { conversationId } } })).toBe(1);
  });

  it("redeems a visitor's widget upload once too", async () => {
    const visitor = await connectVisitor(app.url, inboxToken);
    const stored = await fetch(`${app.url}/api/widget/${inboxToken}/uploads?fileName=photo.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${visitor.visitorToken}` },
      body: PNG,
    });
    const { token } = ((await stored.json()) as { upload: { token: string } }).upload;
    const first = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), uploads: [token] });
    const second = await request(visitor.socket, 'message:send', { clientMessageId: randomUUID(), uploads: [token] });
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(false);
    expect(JSON.stringify(second.error)).toMatch(/already sent/);
  });

  it('refuses an upload token older than an hour', async () => {
    const { conversationId } = await startChat();
    const { token } = await attachmentsTwoHoursAgo().storeAgentUpload(aliceId, 'old.png', PNG);
    const late = await api(app.url, aliceCookie, `/api/conversations/${conversationId}/messages`, { body: { text: 'late', uploads: [token] } });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toMatch(/expired/);
    expect(await app.db.message.count({ where: { conversationId, direction: 'OUTBOUND' } })).toBe(0);
  });

  it('hands out download links that expire, fresh with every read of the message', async () => {
    const { visitor, conversationId } = await startChat();
    const stored = await upload(aliceCookie, PNG);
    const sent = await api(app.url, aliceCookie, `/api/conversations/${conversationId}/messages`, { body: { text: 'x', uploads: [stored.body.upload.token] } });
    const attachmentId = sent.body.message.attachments[0].id as string;
    const history = await request(visitor.socket, 'history', {});
    const fresh = history.messages.find((message: { id: string }) => message.id === sent.body.message.id).attachments[0].url as string;
    expect(fresh).toMatch(/expires=\d+&sig=/);
    expect((await fetch(`${app.url}${fresh}`)).status).toBe(200);

    const expired = await fetch(`${app.url}${attachmentsTwoHoursAgo().downloadPath(attachmentId)}`);
    expect(expired.status).toBe(404);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
    const extended = fresh.replace(/expires=(\d+)/, (_match, expires: string) => `expires=${Number(expires) + 86_400}`);
    expect((await fetch(`${app.url}${extended}`)).status).toBe(404);
  });

  it('needs a signed-in user', async () => {
    const response = await fetch(`${app.url}/api/uploads?fileName=a.png`, { method: 'POST', body: PNG });
    expect(response.status).toBe(401);
  });
});

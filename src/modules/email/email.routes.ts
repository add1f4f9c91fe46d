import { defineRoute, Reply, type RouteDefinition } from '../../http/route-definition.js';
import { idParams } from '../../http/schemas.js';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import { attachment, conversation, inbox, message } from '../access/access.policy.js';
import type { EmailConversationsService } from './email-conversations.service.js';
import type { HeldMailService } from './held-mail.service.js';
import {
  contentQuery,
  createEmailInboxBody,
  emailReplyBody,
  forwardConversationBody,
  heldMailParams,
  heldMailQuery,
  inboxIdParams,
  startEmailConversationBody,
  updateEmailInboxBody,
} from './email.schemas.js';
import type { EmailMailboxService } from './mailbox.service.js';
import { readAttachment, renderMessageContent } from './message-content.js';

export interface EmailRoutesOptions {
  db: Db;
  storage: FileStorage;
  mailboxes: EmailMailboxService;
  heldMails: HeldMailService;
  emailConversations: EmailConversationsService;
  messageMaxChars: number;
}

const viewers = ['ADMIN', 'SUPERVISOR'] as const;
const admins = ['ADMIN'] as const;

/**
 * E-mail under /api/email: inbox settings and held mail (admins), writing first, replies, forwards, display.
 * Files come as upload tokens from POST /api/uploads, like on every channel.
 */
export function emailRoutes(options: EmailRoutesOptions): RouteDefinition[] {
  const { mailboxes, heldMails, emailConversations } = options;
  const ofConversation = ({ params }: { params: { id: string } }) => [conversation(params.id)];

  return [
    defineRoute({ method: 'get', path: '/email/inboxes', auth: viewers, handle: async () => ({ items: await mailboxes.listInboxes() }) }),
    defineRoute({
      method: 'post',
      path: '/email/inboxes',
      auth: admins,
      body: createEmailInboxBody,
      status: 201,
      handle: async ({ body }) => ({ inbox: await mailboxes.createInbox(body) }),
    }),
    defineRoute({
      method: 'get',
      path: '/email/inboxes/:inboxId',
      auth: viewers,
      params: inboxIdParams,
      handle: async ({ params }) => ({ inbox: await mailboxes.getInbox(params.inboxId) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/email/inboxes/:inboxId',
      auth: admins,
      params: inboxIdParams,
      body: updateEmailInboxBody,
      handle: async ({ params, body }) => ({ inbox: await mailboxes.updateInbox(params.inboxId, body) }),
    }),

    // Mail kept out of conversations: automatic replies and quarantined mail.
    defineRoute({
      method: 'get',
      path: '/email/inboxes/:inboxId/held-mails',
      auth: viewers,
      params: inboxIdParams,
      query: heldMailQuery,
      handle: async ({ params, query }) => ({ items: await heldMails.list(params.inboxId, query.kind) }),
    }),
    defineRoute({
      method: 'get',
      path: '/email/inboxes/:inboxId/held-mails/:heldMailId/raw',
      auth: viewers,
      params: heldMailParams,
      handle: async ({ params, res }) => {
        const raw = await heldMails.raw(params.inboxId, params.heldMailId);
        res.setHeader('Content-Type', 'message/rfc822');
        res.setHeader('Content-Disposition', `attachment; filename="${params.heldMailId}.eml"`);
        res.send(raw);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/email/inboxes/:inboxId/held-mails/:heldMailId/ingest',
      auth: admins,
      params: heldMailParams,
      handle: ({ params }) => heldMails.release(params.inboxId, params.heldMailId),
    }),

    defineRoute({
      method: 'post',
      path: '/email/conversations',
      auth: 'signedIn',
      body: startEmailConversationBody(options.messageMaxChars),
      // Only in an inbox whose work the agent may take.
      access: ({ body }) => [inbox(body.inboxId)],
      status: 201,
      handle: ({ body, user }) => emailConversations.startConversation({ ...body, agentId: user.id }),
    }),
    defineRoute({
      method: 'post',
      path: '/email/conversations/:id/replies',
      auth: 'signedIn',
      params: idParams,
      body: emailReplyBody(options.messageMaxChars),
      access: ofConversation,
      handle: async ({ params, body, user }) => {
        const result = await emailConversations.reply({ ...body, conversationId: params.id, agentId: user.id });
        return new Reply(result.duplicate ? 200 : 201, result);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/email/conversations/:id/forward',
      auth: 'signedIn',
      params: idParams,
      body: forwardConversationBody(options.messageMaxChars),
      access: ofConversation,
      status: 201,
      handle: async ({ params, body, user }) => ({
        message: await emailConversations.forward({ ...body, conversationId: params.id, agentId: user.id }),
      }),
    }),

    defineRoute({
      method: 'get',
      path: '/email/messages/:id/content',
      auth: 'signedIn',
      params: idParams,
      query: contentQuery,
      access: ({ params }) => [message(params.id)],
      handle: ({ params, query }) => renderMessageContent(options.db, params.id, query.remoteContent === 'true'),
    }),
    defineRoute({
      method: 'get',
      path: '/email/attachments/:id',
      auth: 'signedIn',
      params: idParams,
      access: ({ params }) => [attachment(params.id)],
      handle: async ({ params, res }) => {
        const { attachment: file, content, inline } = await readAttachment(options.db, options.storage, params.id);
        res.setHeader('Content-Type', file.contentType);
        res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
        // A file from a stranger must never run as a page of ours.
        res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        res.setHeader('Cache-Control', 'private, max-age=3600');
        res.send(content);
      },
    }),
  ];
}

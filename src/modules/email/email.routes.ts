import { AppError } from '../../domain/errors.js';
import { defineRoute, Reply, type RouteDefinition } from '../../http/route-definition.js';
import { idParams } from '../../http/schemas.js';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import { attachment, conversation, inbox, message } from '../access/access.policy.js';
import type { EmailConversationsService } from './email-conversations.service.js';
import {
  contentQuery,
  createEmailInboxBody,
  emailReplyBody,
  forwardConversationBody,
  inboxIdParams,
  startEmailConversationBody,
  updateEmailInboxBody,
  uploadQuery,
} from './email.schemas.js';
import type { EmailMailboxService } from './mailbox.service.js';
import { readAttachment, renderMessageContent } from './message-content.js';

export interface EmailRoutesOptions {
  db: Db;
  storage: FileStorage;
  mailboxes: EmailMailboxService;
  emailConversations: EmailConversationsService;
  messageMaxChars: number;
  attachmentMaxBytes: number;
}

const viewers = ['ADMIN', 'SUPERVISOR'] as const;
const admins = ['ADMIN'] as const;

/** E-mail under /api/email: inbox settings (admins), writing first, replies with files, forwards, display. */
export function emailRoutes(options: EmailRoutesOptions): RouteDefinition[] {
  const { mailboxes, emailConversations } = options;
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

    defineRoute({
      method: 'post',
      path: '/email/uploads',
      auth: 'signedIn',
      query: uploadQuery,
      rawBody: { maxBytes: options.attachmentMaxBytes },
      status: 201,
      handle: async ({ query, body }) => {
        if (!Buffer.isBuffer(body)) throw new AppError('invalid_input', 'Send the file itself as the request body (application/octet-stream).');
        return { upload: await emailConversations.upload(query.fileName, body) };
      },
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

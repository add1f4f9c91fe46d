import { Router } from 'express';
import { currentUser, requireUser } from '../../http/auth.middleware.js';
import { idParams } from '../../http/schemas.js';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import type { AuthService } from '../auth/auth.service.js';
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
  auth: AuthService;
  db: Db;
  storage: FileStorage;
  mailboxes: EmailMailboxService;
  heldMails: HeldMailService;
  emailConversations: EmailConversationsService;
  messageMaxChars: number;
}

/**
 * E-mail under /api/email: inbox settings and held mail (admins), writing first, replies, forwards, display.
 * Files come as upload tokens from POST /api/uploads, like on every channel.
 */
export function emailRoutes(options: EmailRoutesOptions): Router {
  const router = Router();
  const { mailboxes, heldMails, emailConversations } = options;
  const canView = requireUser(options.auth, 'ADMIN', 'SUPERVISOR');
  const canChange = requireUser(options.auth, 'ADMIN');
  const signedIn = requireUser(options.auth);
  const startBody = startEmailConversationBody(options.messageMaxChars);
  const replyBody = emailReplyBody(options.messageMaxChars);
  const forwardBody = forwardConversationBody(options.messageMaxChars);

  router.get('/email/inboxes', canView, async (_req, res) => {
    res.json({ items: await mailboxes.listInboxes() });
  });
  router.post('/email/inboxes', canChange, async (req, res) => {
    res.status(201).json({ inbox: await mailboxes.createInbox(createEmailInboxBody.parse(req.body)) });
  });
  router.get('/email/inboxes/:inboxId', canView, async (req, res) => {
    res.json({ inbox: await mailboxes.getInbox(inboxIdParams.parse(req.params).inboxId) });
  });
  router.patch('/email/inboxes/:inboxId', canChange, async (req, res) => {
    const { inboxId } = inboxIdParams.parse(req.params);
    res.json({ inbox: await mailboxes.updateInbox(inboxId, updateEmailInboxBody.parse(req.body)) });
  });

  // Mail kept out of conversations: automatic replies and quarantined mail.
  router.get('/email/inboxes/:inboxId/held-mails', canView, async (req, res) => {
    const { inboxId } = inboxIdParams.parse(req.params);
    res.json({ items: await heldMails.list(inboxId, heldMailQuery.parse(req.query).kind) });
  });
  router.get('/email/inboxes/:inboxId/held-mails/:heldMailId/raw', canView, async (req, res) => {
    const { inboxId, heldMailId } = heldMailParams.parse(req.params);
    res.setHeader('Content-Type', 'message/rfc822');
    res.setHeader('Content-Disposition', `attachment; filename="${heldMailId}.eml"`);
    res.send(await heldMails.raw(inboxId, heldMailId));
  });
  router.post('/email/inboxes/:inboxId/held-mails/:heldMailId/ingest', canChange, async (req, res) => {
    const { inboxId, heldMailId } = heldMailParams.parse(req.params);
    res.json(await heldMails.release(inboxId, heldMailId));
  });

  router.post('/email/conversations', signedIn, async (req, res) => {
    const body = startBody.parse(req.body);
    res.status(201).json(await emailConversations.startConversation({ ...body, agentId: currentUser(res).id }));
  });
  router.post('/email/conversations/:id/replies', signedIn, async (req, res) => {
    const { id } = idParams.parse(req.params);
    const body = replyBody.parse(req.body);
    const result = await emailConversations.reply({ ...body, conversationId: id, agentId: currentUser(res).id });
    res.status(result.duplicate ? 200 : 201).json(result);
  });
  router.post('/email/conversations/:id/forward', signedIn, async (req, res) => {
    const { id } = idParams.parse(req.params);
    const body = forwardBody.parse(req.body);
    res.status(201).json({ message: await emailConversations.forward({ ...body, conversationId: id, agentId: currentUser(res).id }) });
  });

  router.get('/email/messages/:id/content', signedIn, async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { remoteContent } = contentQuery.parse(req.query);
    res.json(await renderMessageContent(options.db, id, remoteContent === 'true'));
  });
  router.get('/email/attachments/:id', signedIn, async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { attachment, content, inline } = await readAttachment(options.db, options.storage, id);
    res.setHeader('Content-Type', attachment.contentType);
    res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`);
    // A file from a stranger must never run as a page of ours.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.send(content);
  });

  return router;
}

import { foldEmailText } from '../../domain/email-fold.js';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import { readEmailChannelData } from './email.schemas.js';
import { renderMailHtml } from './mail-html.js';

/**
 * A message as the console shows an e-mail: text split into body, signature and quoted
 * history (folded, not deleted), HTML with inline images served by us and remote content
 * only after the agent asks for it.
 */
export async function renderMessageContent(db: Db, messageId: string, loadRemoteContent: boolean) {
  const message = await db.message.findUnique({ where: { id: messageId }, include: { attachments: true } });
  if (!message) throw new AppError('not_found', 'No message with this id.');
  const data = readEmailChannelData(message.channelData);
  const attachmentIdByKey = new Map(message.attachments.map((attachment) => [attachment.storageKey, attachment.id]));
  const rendered = message.html
    ? renderMailHtml(message.html, {
        loadRemoteContent,
        inlineImageUrl: (contentId) => {
          const attachmentId = attachmentIdByKey.get(data.inlineImages[contentId] ?? '');
          return attachmentId ? `/api/email/attachments/${attachmentId}` : null;
        },
      })
    : null;
  return {
    messageId: message.id,
    text: foldEmailText(message.text),
    html: rendered?.html ?? null,
    remoteContentBlocked: rendered?.remoteContentBlocked ?? 0,
    email: { from: data.from ?? null, to: data.to, cc: data.cc, subject: data.subject ?? null },
  };
}

/** An attachment's bytes and how to send them. Only raster images are shown inline; anything else downloads. */
export async function readAttachment(db: Db, storage: FileStorage, attachmentId: string) {
  const attachment = await db.attachment.findUnique({ where: { id: attachmentId } });
  const content = attachment ? await storage.get(attachment.storageKey) : null;
  if (!attachment || !content) throw new AppError('not_found', 'No attachment with this id.');
  const inline = /^image\/(png|jpeg|gif|webp)$/i.test(attachment.contentType);
  return { attachment, content, inline };
}

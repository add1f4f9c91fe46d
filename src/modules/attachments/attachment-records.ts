import type { Attachment, Prisma } from '@prisma/client';

export interface AttachmentRecordInput {
  messageId: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  storageKey: string;
}

/** Records files already in storage as a message's attachments, inside the caller's transaction (the message's). */
export async function recordAttachments(tx: Prisma.TransactionClient, rows: AttachmentRecordInput[]): Promise<Attachment[]> {
  return rows.length ? tx.attachment.createManyAndReturn({ data: rows }) : [];
}

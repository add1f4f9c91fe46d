import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { FileStorage } from '../../infra/file-storage.js';
import type { AttachmentInput, ConversationsService } from '../conversations/conversations.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { UploadReference } from './email.schemas.js';
import type { EmailMailboxService } from './mailbox.service.js';

export interface StartEmailConversationInput {
  agentId: string;
  inboxId: string;
  to: string;
  name?: string;
  subject: string;
  text: string;
  attachments: UploadReference[];
}

/** What agents do with e-mail beyond a plain reply: write first, attach files, forward. */
export class EmailConversationsService {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly customers: CustomersService,
    private readonly mailboxes: EmailMailboxService,
    private readonly storage: FileStorage,
    private readonly attachmentMaxBytes: number,
  ) {}

  /** Keeps a file until a message refers to it by the returned id. */
  async upload(fileName: string, content: Buffer) {
    if (content.length === 0) throw new AppError('invalid_input', 'The file is empty.');
    if (content.length > this.attachmentMaxBytes) {
      throw new AppError('payload_too_large', `A file can have at most ${Math.floor(this.attachmentMaxBytes / 1024 / 1024)} MB.`);
    }
    const uploadId = randomBytes(16).toString('hex');
    await this.storage.put(uploadKey(uploadId), content);
    return { uploadId, fileName, byteSize: content.length };
  }

  async startConversation(input: StartEmailConversationInput) {
    await this.mailboxes.loadConnectionByInbox(input.inboxId);
    const customer = await this.customers.resolveCustomer({ identity: { kind: 'EMAIL', value: input.to }, name: input.name });
    return this.conversations.startAgentConversation({
      inboxId: input.inboxId,
      customerId: customer.id,
      agentId: input.agentId,
      subject: input.subject,
      text: input.text,
      attachments: await this.resolveUploads(input.attachments),
      channelData: { email: { kind: 'new', to: [input.to.toLowerCase()] } },
    });
  }

  async reply(input: { agentId: string; conversationId: string; text: string; clientMessageId?: string; attachments: UploadReference[] }) {
    await this.requireEmailConversation(input.conversationId);
    return this.conversations.postAgentMessage({
      conversationId: input.conversationId,
      agentId: input.agentId,
      text: input.text,
      isPrivate: false,
      clientMessageId: input.clientMessageId,
      attachments: await this.resolveUploads(input.attachments),
    });
  }

  /** Sends the conversation so far to other people; the forward is kept in the conversation. */
  async forward(input: { agentId: string; conversationId: string; to: string[]; note: string }) {
    await this.requireEmailConversation(input.conversationId);
    const to = input.to.map((address) => address.toLowerCase());
    const { message } = await this.conversations.postAgentMessage({
      conversationId: input.conversationId,
      agentId: input.agentId,
      text: [`Forwarded to ${to.join(', ')}`, input.note].filter(Boolean).join('\n\n'),
      isPrivate: false,
      channelData: { email: { kind: 'forward', to } },
    });
    return message;
  }

  private async requireEmailConversation(conversationId: string) {
    const conversation = await this.conversations.getConversation(conversationId);
    await this.mailboxes.loadConnectionByInbox(conversation.inboxId).catch(() => {
      throw new AppError('invalid_input', 'This conversation is not in an e-mail inbox.');
    });
  }

  private async resolveUploads(uploads: UploadReference[]): Promise<AttachmentInput[]> {
    return Promise.all(
      uploads.map(async (upload) => {
        const content = await this.storage.get(uploadKey(upload.uploadId));
        if (!content) throw new AppError('invalid_input', `No uploaded file with id ${upload.uploadId}.`);
        return { fileName: upload.fileName, contentType: upload.contentType, byteSize: content.length, storageKey: uploadKey(upload.uploadId) };
      }),
    );
  }
}

const uploadKey = (uploadId: string) => `uploads/${uploadId}`;

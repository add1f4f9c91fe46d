import { z } from 'zod';
import { ALLOWED_FILE_TYPES, detectFileType } from '../../domain/file-type.js';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import type { Signer } from '../../infra/signer.js';

/** A stored file ready to become an attachment of a message. */
export interface StoredFile {
  fileName: string;
  contentType: string;
  byteSize: number;
  storageKey: string;
}

export interface UploadReceipt {
  /** Proves "this visitor uploaded this file"; the visitor sends it with the message. */
  token: string;
  fileName: string;
  contentType: string;
  byteSize: number;
}

const UPLOAD = 'upload';
const DOWNLOAD = 'download';
const uploadTokenBody = z.object({
  owner: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number(),
  storageKey: z.string(),
});

/**
 * Files customers send: checked (size, real type), stored, handed back as a signed
 * upload token, and later served through signed download links.
 */
export class AttachmentsService {
  constructor(
    private readonly db: Db,
    private readonly storage: FileStorage,
    private readonly signer: Signer,
    readonly maxBytes: number,
  ) {}

  readonly allowedTypes: readonly string[] = ALLOWED_FILE_TYPES;

  /** Stores an upload for `owner` (a visitor) after checking its size and what it really is. */
  async storeUpload(owner: string, fileName: string, bytes: Uint8Array): Promise<UploadReceipt> {
    if (bytes.length > this.maxBytes) throw fileTooLarge(this.maxBytes);
    const contentType = detectFileType(bytes);
    if (!contentType) {
      throw new AppError('invalid_input', 'This type of file cannot be sent. Send an image (PNG, JPEG, GIF, WebP), a PDF or a text file.', {
        allowedTypes: this.allowedTypes,
      });
    }
    const storageKey = await this.storage.putNew('uploads', bytes);
    const stored: StoredFile = { fileName: cleanFileName(fileName), contentType, byteSize: bytes.length, storageKey };
    const body = Buffer.from(JSON.stringify({ owner, ...stored })).toString('base64url');
    return { token: `${body}.${this.signer.sign(UPLOAD, body)}`, fileName: stored.fileName, contentType, byteSize: stored.byteSize };
  }

  /** The files behind upload tokens, refusing tokens that are forged or belong to someone else. */
  redeemUploads(owner: string, tokens: string[]): StoredFile[] {
    return tokens.map((token) => {
      const [body = '', signature = ''] = token.split('.');
      const parsed = this.signer.verify(UPLOAD, body, signature)
        ? uploadTokenBody.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')))
        : undefined;
      if (!parsed?.success || parsed.data.owner !== owner) {
        throw new AppError('invalid_input', 'This upload is not valid any more; attach the file again.');
      }
      const { owner: _owner, ...file } = parsed.data;
      return file;
    });
  }

  /** An agent's file for a reply or note (POST /api/uploads); only that agent can send it. */
  storeAgentUpload(agentId: string, fileName: string, bytes: Uint8Array): Promise<UploadReceipt> {
    return this.storeUpload(agentOwner(agentId), fileName, bytes);
  }

  redeemAgentUploads(agentId: string, tokens: string[]): StoredFile[] {
    return this.redeemUploads(agentOwner(agentId), tokens);
  }

  /** A download path anyone holding it may use; links go out only with messages their reader may see. */
  downloadPath(attachmentId: string): string {
    return `/api/attachments/${attachmentId}?sig=${this.signer.sign(DOWNLOAD, attachmentId)}`;
  }

  async openDownload(attachmentId: string, signature: string) {
    const attachment = this.signer.verify(DOWNLOAD, attachmentId, signature)
      ? await this.db.attachment.findUnique({ where: { id: attachmentId } })
      : null;
    if (!attachment) throw new AppError('not_found', 'No file at this link.');
    return { attachment, stream: this.storage.open(attachment.storageKey) };
  }
}

/** Keeps the last path segment, without control characters, at most 200 characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((char) => char.charCodeAt(0) >= 0x20 && char !== '\u007f').join('').trim();
  return printable.slice(-200) || 'file';
}

export function fileTooLarge(maxBytes: number): AppError {
  const megabytes = Number((maxBytes / (1024 * 1024)).toPrecision(2));
  return new AppError('payload_too_large', `Files can be at most ${megabytes} MB.`, { maxBytes });
}

/** Upload owners are visitor ids or, for agents, this (a visitor id is a uuid, never with a prefix). */
const agentOwner = (agentId: string) => `agent:${agentId}`;

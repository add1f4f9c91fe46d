import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
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
  /** Proves "this visitor (or agent) uploaded this file"; sent with the message, once, within the hour. */
  token: string;
  fileName: string;
  contentType: string;
  byteSize: number;
}

const UPLOAD = 'upload';
const DOWNLOAD = 'download';
/** How long an upload token may wait for its message, and a download link works. */
export const UPLOAD_TOKEN_TTL_MS = 60 * 60 * 1000;
export const DOWNLOAD_LINK_TTL_MS = 60 * 60 * 1000;
const uploadTokenBody = z.object({
  owner: z.string(),
  expiresAt: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number(),
  storageKey: z.string(),
});

export interface AttachmentsServiceOptions {
  db: Db;
  storage: FileStorage;
  signer: Signer;
  /** Remembers redeemed upload tokens, for every server process. */
  redis: Redis;
  keyPrefix: string;
  maxBytes: number;
  /** Milliseconds since the epoch; tests pass another clock. */
  now?: () => number;
}

const NOT_VALID = 'This upload is not valid any more; attach the file again.';

/**
 * Files visitors and agents send, on every channel: checked (size, real type), stored, handed
 * back as a signed upload token that only its uploader can redeem, once, within the hour; later
 * served through signed download links that expire (each read of a message brings fresh ones).
 */
export class AttachmentsService {
  private readonly db: Db;
  private readonly storage: FileStorage;
  private readonly signer: Signer;
  private readonly redis: Redis;
  private readonly keyPrefix: string;
  private readonly now: () => number;
  readonly maxBytes: number;

  constructor(options: AttachmentsServiceOptions) {
    this.db = options.db;
    this.storage = options.storage;
    this.signer = options.signer;
    this.redis = options.redis;
    this.keyPrefix = options.keyPrefix;
    this.maxBytes = options.maxBytes;
    this.now = options.now ?? Date.now;
  }

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
    const body = Buffer.from(JSON.stringify({ owner, expiresAt: this.now() + UPLOAD_TOKEN_TTL_MS, ...stored })).toString('base64url');
    return { token: `${body}.${this.signer.sign(UPLOAD, body)}`, fileName: stored.fileName, contentType, byteSize: stored.byteSize };
  }

  /**
   * The files behind upload tokens, refusing tokens that are forged, expired, someone else's or
   * already sent. `messageKey` (the client message id) lets the retry of one message redeem its
   * tokens again: the conversations module stores that message once.
   */
  async redeemUploads(owner: string, tokens: string[], messageKey: string = randomUUID()): Promise<StoredFile[]> {
    const files = tokens.map((token) => this.readUploadToken(owner, token));
    for (const { storageKey, expiresAt } of files) {
      const key = `${this.keyPrefix}:upload-redeemed:${storageKey}`;
      // Kept a little longer than the token lives, so the mark outlasts every valid use.
      const claimed = await this.redis.set(key, `${owner}|${messageKey}`, 'PX', Math.max(1, expiresAt - this.now()) + 60_000, 'NX');
      if (!claimed && (await this.redis.get(key)) !== `${owner}|${messageKey}`) {
        throw new AppError('invalid_input', 'This file was already sent with another message; attach it again.');
      }
    }
    return files.map(({ owner: _owner, expiresAt: _expiresAt, ...file }) => file);
  }

  private readUploadToken(owner: string, token: string) {
    const [body = '', signature = ''] = token.split('.');
    if (!this.signer.verify(UPLOAD, body, signature)) throw new AppError('invalid_input', NOT_VALID);
    const parsed = uploadTokenBody.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (!parsed.success || parsed.data.owner !== owner) throw new AppError('invalid_input', NOT_VALID);
    if (parsed.data.expiresAt <= this.now()) throw new AppError('invalid_input', 'This upload has expired (files wait an hour for their message); attach the file again.');
    return parsed.data;
  }

  /** An agent's file for a reply or note (POST /api/uploads); only that agent can send it. */
  storeAgentUpload(agentId: string, fileName: string, bytes: Uint8Array): Promise<UploadReceipt> {
    return this.storeUpload(agentOwner(agentId), fileName, bytes);
  }

  redeemAgentUploads(agentId: string, tokens: string[], messageKey?: string): Promise<StoredFile[]> {
    return this.redeemUploads(agentOwner(agentId), tokens, messageKey);
  }

  /**
   * A download path anyone holding it may use for an hour; links go out only with messages their
   * reader may see, fresh with every read.
   */
  downloadPath(attachmentId: string): string {
    const expires = Math.ceil((this.now() + DOWNLOAD_LINK_TTL_MS) / 1000);
    return `/api/attachments/${attachmentId}?expires=${expires}&sig=${this.signer.sign(DOWNLOAD, `${attachmentId}.${expires}`)}`;
  }

  async openDownload(attachmentId: string, expires: number, signature: string) {
    const attachment = this.signer.verify(DOWNLOAD, `${attachmentId}.${expires}`, signature)
      ? await this.db.attachment.findUnique({ where: { id: attachmentId } })
      : null;
    if (!attachment) throw new AppError('not_found', 'No file at this link.');
    if (expires * 1000 <= this.now()) throw new AppError('not_found', 'This link has expired; open the conversation again for a fresh one.');
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

import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';

/** Where attachment bytes live, addressed by key ("email/ab/abcdef…", "uploads/<uuid>"). */
export interface FileStorage {
  put(key: string, content: Uint8Array): Promise<void>;
  /** Stores under a new random key below `folder` and returns the key. */
  putNew(folder: string, content: Uint8Array): Promise<string>;
  /** Null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  open(key: string): ReadStream;
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[\w-]+(\/[\w.-]+)*$/;

/**
 * Files in a folder (DATA_DIR/files by default); a key maps to a path below it and never above,
 * so no name a user sent can reach outside it.
 */
export class LocalFileStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, content: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename, so a reader never sees half a file and a crash leaves no torn one.
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
    await writeFile(partial, content);
    await rename(partial, path);
  }

  async putNew(folder: string, content: Uint8Array): Promise<string> {
    const key = `${folder}/${randomUUID()}`;
    await this.put(key, content);
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  open(key: string): ReadStream {
    return createReadStream(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
      throw new Error(`Invalid storage key: ${key}`);
    }
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`Invalid storage key: ${key}`);
    return path;
  }
}

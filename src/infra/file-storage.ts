import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Files kept under one folder (DATA_DIR/uploads by default). Keys are random ids the
 * storage chooses, so no name a user sent ever becomes part of a path.
 */
export class LocalFileStorage {
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array): Promise<string> {
    const key = randomUUID();
    await mkdir(this.root, { recursive: true });
    await writeFile(this.pathOf(key), bytes, { flag: 'wx' });
    return key;
  }

  open(key: string): ReadStream {
    return createReadStream(this.pathOf(key));
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a storage key: ${key}`);
    return join(this.root, key);
  }
}

import type { Prisma } from '@prisma/client';
import type { CannedResponseView } from '../../contracts/canned-response.views.js';
import { AppError } from '../../domain/errors.js';
import { conflictOnDuplicate, type Db } from '../../infra/db.js';

export interface CannedResponseInput {
  shortCode: string;
  title: string;
  /** May hold {{variables}} the console fills in; the server stores the text as it is. */
  content: string;
}

const SHORT_CODE_TAKEN = 'A canned response with this short code already exists.';

/** Replies agents insert by short code. */
export class CannedResponsesService {
  constructor(private readonly db: Db) {}

  /** All, or those whose short code starts with `query` or whose title or text contains it. */
  search(query?: string): Promise<CannedResponseView[]> {
    const term = query?.trim();
    const where: Prisma.CannedResponseWhereInput = term
      ? {
          OR: [
            { shortCode: { startsWith: term.toLowerCase() } },
            { title: { contains: term, mode: 'insensitive' } },
            { content: { contains: term, mode: 'insensitive' } },
          ],
        }
      : {};
    return this.db.cannedResponse.findMany({ where, orderBy: { shortCode: 'asc' }, take: 100 });
  }

  create(input: CannedResponseInput, createdById: string) {
    return conflictOnDuplicate(() => this.db.cannedResponse.create({ data: { ...input, createdById } }), SHORT_CODE_TAKEN);
  }

  async update(id: string, changes: Partial<CannedResponseInput>) {
    await this.get(id);
    return conflictOnDuplicate(() => this.db.cannedResponse.update({ where: { id }, data: changes }), SHORT_CODE_TAKEN);
  }

  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.db.cannedResponse.delete({ where: { id } });
  }

  private async get(id: string) {
    const found = await this.db.cannedResponse.findUnique({ where: { id } });
    if (!found) throw new AppError('not_found', 'No canned response with this id.');
    return found;
  }
}

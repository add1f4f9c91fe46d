import type { LabelView } from '../../contracts/label.views.js';
import { AppError } from '../../domain/errors.js';
import { conflictOnDuplicate, type Db } from '../../infra/db.js';

export interface LabelInput {
  name: string;
  color: string;
  description: string;
}

const labelFields = { id: true, name: true, color: true, description: true, createdAt: true } as const;

const NAME_TAKEN = 'A label with this name already exists.';

/** The organisation's labels (the catalogue); which conversation has which is the conversations module's. */
export class LabelsService {
  constructor(private readonly db: Db) {}

  list(): Promise<LabelView[]> {
    return this.db.label.findMany({ select: labelFields, orderBy: { name: 'asc' } });
  }

  async create(input: LabelInput) {
    return conflictOnDuplicate(() => this.db.label.create({ data: input, select: labelFields }), NAME_TAKEN);
  }

  async update(id: string, changes: Partial<LabelInput>) {
    await this.get(id);
    return conflictOnDuplicate(() => this.db.label.update({ where: { id }, data: changes, select: labelFields }), NAME_TAKEN);
  }

  /** Removing a label takes it off every conversation (cascade). */
  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.db.label.delete({ where: { id } });
  }

  /** Those of the ids that name no label. */
  async unknownIds(ids: string[]): Promise<string[]> {
    const known = new Set((await this.db.label.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((label) => label.id));
    return ids.filter((id) => !known.has(id));
  }

  private async get(id: string) {
    const label = await this.db.label.findUnique({ where: { id } });
    if (!label) throw new AppError('not_found', 'No label with this id.');
    return label;
  }
}

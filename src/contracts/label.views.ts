/** A label of the catalogue (GET /api/labels). */
export interface LabelView {
  id: string;
  name: string;
  color: string;
  description: string;
}

/** What a conversation row or the directory shows of a label. */
export type LabelChip = Pick<LabelView, 'id' | 'name' | 'color'>;

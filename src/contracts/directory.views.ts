import type { Channel, Role } from './enums.js';
import type { LabelChip } from './label.views.js';

/** GET /api/directory: who and what a signed-in user can pick from (assignees, teams, inboxes, labels). */
export interface DirectoryView {
  users: { id: string; name: string; role: Role; active: boolean }[];
  teams: { id: string; name: string }[];
  inboxes: { id: string; name: string; channel: Channel }[];
  labels: LabelChip[];
}

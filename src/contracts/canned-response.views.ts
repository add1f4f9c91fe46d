/** A reply agents insert by short code; `content` may hold {{variables}} the console fills in. */
export interface CannedResponseView {
  id: string;
  shortCode: string;
  title: string;
  content: string;
}

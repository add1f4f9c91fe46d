/** What a canned response's `{{…}}` variables can refer to. */
export interface CannedContext {
  customer: { name: string | null; email: string | null };
  agent: { name: string };
  conversation: { number: number };
}

const VARIABLE = /\{\{\s*([a-z]+)\.([a-z]+)\s*\}\}/gi;

/**
 * Fills `{{customer.name}}`, `{{customer.email}}`, `{{agent.name}}`, `{{conversation.number}}`.
 * A value the console does not know becomes empty text rather than a stray `{{…}}` sent to the
 * customer; unknown variables are left as written so the agent sees the typo.
 */
export function renderCanned(content: string, context: CannedContext): string {
  return content.replace(VARIABLE, (whole, group: string, field: string) => {
    const source = (context as unknown as Record<string, Record<string, unknown> | undefined>)[group.toLowerCase()];
    if (!source || !(field in source)) return whole;
    const value = source[field];
    return value === null || value === undefined ? '' : String(value);
  });
}

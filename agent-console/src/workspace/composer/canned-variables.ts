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
  const text = context.customer.name ? content : withoutCustomerName(content);
  return text.replace(VARIABLE, (whole, group: string, field: string) => {
    const source = (context as unknown as Record<string, Record<string, unknown> | undefined>)[group.toLowerCase()];
    if (!source || !(field in source)) return whole;
    const value = source[field];
    return value === null || value === undefined ? '' : String(value);
  });
}

const NAME = String.raw`\{\{\s*customer\.name\s*\}\}`;

/**
 * A greeting to a customer whose name nobody knows still reads naturally: "Hi {{customer.name}},"
 * becomes "Hi there,", "您好，{{customer.name}}，" becomes "您好，"; elsewhere the name is left out
 * with the space before it.
 */
function withoutCustomerName(content: string): string {
  return content
    .replace(new RegExp(String.raw`\b(hi|hello|hey)\s+${NAME}`, 'gi'), '$1 there')
    .replace(new RegExp(String.raw`\bdear\s+${NAME}`, 'gi'), (whole) => (whole.startsWith('D') ? 'Hello' : 'hello'))
    .replace(new RegExp(String.raw`(您好|你好)\s*([，,]?)\s*${NAME}\s*([，,！!]?)`, 'g'), (_whole, hello: string, before: string, after: string) => hello + (after || before))
    .replace(new RegExp(String.raw`${NAME}\s*[，,]?\s*(您好|你好)`, 'g'), '$1')
    .replace(new RegExp(String.raw`\s*${NAME}`, 'g'), '');
}

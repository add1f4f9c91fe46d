/** A `/shortcut` or `@name` being typed: what it says and where it sits in the text. */
export interface Trigger {
  kind: 'canned' | 'mention';
  query: string;
  start: number;
  end: number;
}

/**
 * The trigger under the caret, if any: `/` or `@` at the start of a word (start of the text or
 * after whitespace) followed by word characters up to the caret. "and/or" and "a@b.c" are not triggers.
 */
export function findTrigger(text: string, caret: number, allowMention: boolean): Trigger | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)([/@])([\p{L}\p{N}_.-]*)$/u.exec(before);
  if (!match) return null;
  const kind = match[2] === '/' ? 'canned' : 'mention';
  if (kind === 'mention' && !allowMention) return null;
  const start = caret - match[3]!.length - 1;
  return { kind, query: match[3]!, start, end: caret };
}

/** The text with the trigger replaced, and where the caret goes. */
export function replaceTrigger(text: string, trigger: Trigger, replacement: string): { text: string; caret: number } {
  const after = text.slice(trigger.end);
  const spacer = after.startsWith(' ') || replacement.endsWith('\n') ? '' : ' ';
  const next = text.slice(0, trigger.start) + replacement + spacer + after;
  return { text: next, caret: trigger.start + replacement.length + spacer.length };
}

/** Mentions still written in the note (an agent may delete one after picking it). */
export function mentionedIds(text: string, picked: readonly { id: string; name: string }[]): string[] {
  return [...new Set(picked.filter((user) => text.includes(`@${user.name}`)).map((user) => user.id))];
}

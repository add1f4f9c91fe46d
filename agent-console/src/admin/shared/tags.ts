/** Adds the comma-separated words of `text` to `values`: trimmed, without empties or repeats, in order. */
export function addTags(values: readonly string[], text: string): string[] {
  const result = [...values];
  for (const word of text.split(',')) {
    const tag = word.trim();
    if (tag && !result.includes(tag)) result.push(tag);
  }
  return result;
}

/** One entry per non-empty line (or comma), trimmed. */
export function splitLines(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
}

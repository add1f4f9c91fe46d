/**
 * Splits a plain-text e-mail body into what the sender wrote now, their signature and
 * the quoted history below it, so the console can fold the last two away. Nothing is
 * dropped: body, signature and quoted together hold every non-blank line of the input.
 */
export interface FoldedEmailText {
  body: string;
  signature: string;
  quoted: string;
}

// Lines that introduce quoted history in the clients people use (English, Chinese, German, French).
const QUOTE_HEADERS = [
  /^on\b.{0,200}\bwrote:\s*$/i,
  /^-{2,}\s*(original message|forwarded message|原始邮件|转发的邮件)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^(在|於|于).{0,200}(写道|寫道)\s*[:：]\s*$/,
  /^am\b.{0,200}\bschrieb.{0,100}:\s*$/i,
  /^le\b.{0,200}\ba écrit\s*:\s*$/i,
];

// Outlook quotes with a header block: "From: …" followed by "Sent: …" / "To: …".
const HEADER_BLOCK_FROM = /^(from|发件人|寄件者)\s*[:：].+$/i;
const HEADER_BLOCK_NEXT = /^(sent|date|to|subject|发送时间|日期|收件人|主题)\s*[:：]/i;

// A client may wrap "On <date>, <name> <address>" and "wrote:" onto two lines.
const WRAPPED_ON_WROTE = /^on\b.{0,200}$/i;

const SIGNATURE_DELIMITER = /^--\s?$/;
const MOBILE_SIGNATURE = /^(sent from my .{1,40}|get outlook for .{1,40}|发自我的.{1,20})$/i;

export function foldEmailText(text: string): FoldedEmailText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const quoteStart = findQuoteStart(lines);
  const above = lines.slice(0, quoteStart);
  const signatureStart = findSignatureStart(above);
  return {
    body: trimBlankLines(above.slice(0, signatureStart)).join('\n'),
    signature: trimBlankLines(above.slice(signatureStart)).join('\n'),
    quoted: trimBlankLines(lines.slice(quoteStart)).join('\n'),
  };
}

function findQuoteStart(lines: string[]): number {
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (QUOTE_HEADERS.some((pattern) => pattern.test(line))) return index;
    const next = lines[index + 1]?.trim() ?? '';
    if (WRAPPED_ON_WROTE.test(line) && /wrote:\s*$/i.test(next)) return index;
    if (HEADER_BLOCK_FROM.test(line) && HEADER_BLOCK_NEXT.test(next)) return index;
  }
  // A trailing run of "> " lines (blank lines allowed) with no header above it.
  let start = lines.length;
  for (let index = lines.length - 1; index >= 1; index--) {
    const line = lines[index]!.trim();
    if (line.startsWith('>')) start = index;
    else if (line !== '') break;
  }
  return start;
}

function findSignatureStart(lines: string[]): number {
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (SIGNATURE_DELIMITER.test(line) || MOBILE_SIGNATURE.test(line.trim())) return index;
  }
  return lines.length;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

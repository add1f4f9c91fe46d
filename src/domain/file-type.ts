/** File types a customer may send. SVG and HTML are absent on purpose: both can carry scripts. */
export const ALLOWED_FILE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] as const;

export type AllowedFileType = (typeof ALLOWED_FILE_TYPES)[number];

const signatures: { type: AllowedFileType; matches: (bytes: Uint8Array) => boolean }[] = [
  { type: 'image/png', matches: (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: (bytes) => ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a' },
  { type: 'image/webp', matches: (bytes) => ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP' },
  { type: 'application/pdf', matches: (bytes) => ascii(bytes, 0, 5) === '%PDF-' },
  { type: 'text/plain', matches: isPlainText },
];

/**
 * The type a file really has, read from its first bytes; never from the name or the
 * type the sender claimed. Undefined when it is none of the allowed types.
 */
export function detectFileType(bytes: Uint8Array): AllowedFileType | undefined {
  if (bytes.length === 0) return undefined;
  return signatures.find((signature) => signature.matches(bytes))?.type;
}

export function isImageType(type: string): boolean {
  return type.startsWith('image/');
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** UTF-8 without control characters other than tab, line feed, carriage return and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && !TEXT_CONTROLS.has(code)) || code === 0x7f) return false;
  }
  return true;
}

const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

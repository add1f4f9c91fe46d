import iconv from 'iconv-lite';

/**
 * Some senders put 8-bit text straight into headers ("From: Frösche" in Latin-1) instead of
 * RFC 2047 words. A parser reads such bytes as UTF-8 and shows "Fr�sche". When the header
 * block is not valid UTF-8, it is re-encoded from a fallback charset (the one the mail
 * declares for its body, else Windows-1252, the superset of Latin-1 mail clients use).
 */
export function withUtf8Headers(source: Buffer): Buffer {
  const end = headerEnd(source);
  let headers = source.subarray(0, end);
  if (hasHighBytes(headers) && !isValidUtf8(headers)) {
    const charset = declaredCharset(headers.toString('latin1'));
    headers = Buffer.from(iconv.decode(headers, charset && iconv.encodingExists(charset) ? charset : 'windows-1252'), 'utf8');
  } else if (!UTF7_WORD.test(headers.toString('latin1'))) {
    return source;
  }
  return Buffer.concat([Buffer.from(reencodeUtf7Words(headers.toString('utf8')), 'utf8'), source.subarray(end)]);
}

// RFC 2047 words in UTF-7 (RFC 2152), which the MIME parser does not know: =?UTF-7?Q?+ZeVnLIqe-?=
const UTF7_WORD = /=\?(?:utf-7|unicode-1-1-utf-7)\?([qb])\?([^?]*)\?=/i;

/** Rewrites UTF-7 encoded words as UTF-8 ones, which the parser decodes. */
function reencodeUtf7Words(headers: string): string {
  return headers.replace(new RegExp(UTF7_WORD.source, 'gi'), (_word, encoding: string, text: string) => {
    const bytes =
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_hex, code: string) => String.fromCharCode(parseInt(code, 16))), 'latin1');
    return `=?UTF-8?B?${Buffer.from(iconv.decode(bytes, 'utf7'), 'utf8').toString('base64')}?=`;
  });
}

function headerEnd(source: Buffer): number {
  const crlf = source.indexOf('\r\n\r\n');
  const lf = source.indexOf('\n\n');
  const candidates = [crlf, lf].filter((index) => index >= 0);
  return candidates.length ? Math.min(...candidates) : source.length;
}

function hasHighBytes(bytes: Buffer): boolean {
  return bytes.some((byte) => byte >= 0x80);
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function declaredCharset(headers: string): string | null {
  return headers.match(/^content-type:[^\r\n]*?charset="?([\w.:-]+)"?/im)?.[1]?.toLowerCase() ?? null;
}

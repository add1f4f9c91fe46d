/**
 * What a delivery status notification (RFC 3464) says about the mail it returns: the
 * Message-IDs of the returned message (in its headers part, or the DSN's own In-Reply-To)
 * and the remote server's reason. Read from the raw source, because the returned headers
 * sit in parts (text/rfc822-headers, message/rfc822) a body parser does not expose as text.
 */
export interface DeliveryFailure {
  messageIds: string[];
  reason: string;
}

export function readDeliveryFailure(source: Buffer, threadIds: string[]): DeliveryFailure {
  const text = source.toString('latin1');
  const returned = [...text.matchAll(/^Message-ID:\s*(<[^<>\s]+>)/gim)].map((match) => match[1]!);
  const diagnostic = text.match(/^Diagnostic-Code:\s*(?:smtp;\s*)?(.+(?:\r?\n[ \t].+)*)/im)?.[1];
  const status = text.match(/^Status:\s*(\d\.\d{1,3}\.\d{1,3})/im)?.[1];
  const reason = (diagnostic ?? (status ? `status ${status}` : 'the receiving server returned the message'))
    .replace(/\s+/g, ' ')
    .trim();
  return { messageIds: [...new Set([...threadIds, ...returned])], reason: `Bounced: ${reason}` };
}

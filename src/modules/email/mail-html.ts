import { convert } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

/**
 * E-mail HTML is hostile by default: scripts, forms, tracking pixels, CSS that loads URLs.
 * It is sanitised once when stored (remote images parked in data-remote-src, quoted history
 * and signatures marked for folding) and rendered per request for the console.
 */

const REMOTE = /^https?:\/\//i;
const SAFE_STYLE_VALUE = /^(?!.*(url|expression|image-set|@import))[#\w\s,.%()-]+$/i;

// Containers mail clients put quoted history or signatures in.
const FOLDED_CLASSES: Record<string, 'quote' | 'signature'> = {
  gmail_quote: 'quote',
  yahoo_quoted: 'quote',
  'moz-cite-prefix': 'quote',
  protonmail_quote: 'quote',
  gmail_signature: 'signature',
  'moz-signature': 'signature',
};
const FOLDED_IDS: Record<string, 'quote' | 'signature'> = { divRplyFwdMsg: 'quote', appendonsend: 'quote', Signature: 'signature' };

function foldKind(attribs: sanitizeHtml.Attributes): 'quote' | 'signature' | undefined {
  if (attribs.type === 'cite') return 'quote';
  const fromClass = (attribs.class ?? '').split(/\s+/).map((name) => FOLDED_CLASSES[name]).find(Boolean);
  return fromClass ?? (attribs.id ? FOLDED_IDS[attribs.id] : undefined);
}

type ImageSource = (attribs: sanitizeHtml.Attributes) => sanitizeHtml.Attributes;

function options(imageSource: ImageSource): sanitizeHtml.IOptions {
  return {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'u', 's', 'del', 'ins', 'details', 'summary'],
    allowedAttributes: {
      '*': ['style', 'align', 'dir', 'title', 'data-cc-fold'],
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height', 'data-remote-src', 'data-cid'],
      td: ['colspan', 'rowspan', 'width', 'valign'],
      th: ['colspan', 'rowspan', 'width', 'valign'],
      table: ['width', 'cellpadding', 'cellspacing', 'border'],
      font: ['color', 'size', 'face'],
      ol: ['start', 'type'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['data', 'http', 'https'] },
    allowedStyles: {
      '*': Object.fromEntries(
        ['color', 'background-color', 'text-align', 'font-weight', 'font-style', 'font-size', 'font-family', 'text-decoration', 'width', 'padding', 'margin', 'border'].map(
          (property) => [property, [SAFE_STYLE_VALUE]],
        ),
      ),
    },
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
      img: (tagName, attribs) => ({ tagName, attribs: imageSource(attribs) }),
      blockquote: (tagName, attribs) => ({ tagName, attribs: { ...attribs, 'data-cc-fold': 'quote' } }),
      div: (tagName, attribs) => {
        const kind = foldKind(attribs);
        return { tagName, attribs: kind ? { ...attribs, 'data-cc-fold': kind } : attribs };
      },
    },
  };
}

/** For storage: nothing that runs or loads by itself survives. */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(
    html,
    options((attribs) => {
      const { src = '', ...rest } = attribs;
      if (REMOTE.test(src)) return { ...rest, 'data-remote-src': src };
      if (src.toLowerCase().startsWith('cid:')) return { ...rest, 'data-cid': src.slice(4) };
      if (/^data:image\/(png|jpeg|gif|webp);/i.test(src)) return { ...rest, src };
      return rest;
    }),
  );
}

export interface RenderMailHtmlOptions {
  /** The URL an inline image (cid) is served from, or null when the mail has no such part. */
  inlineImageUrl: (contentId: string) => string | null;
  /** The agent clicked "load remote content". */
  loadRemoteContent: boolean;
}

/** For the console: stored HTML with inline images pointed at our server and remote ones only when asked. */
export function renderMailHtml(storedHtml: string, render: RenderMailHtmlOptions): { html: string; remoteContentBlocked: number } {
  let remoteContentBlocked = 0;
  const html = sanitizeHtml(
    storedHtml,
    options((attribs) => {
      const { 'data-remote-src': remote, 'data-cid': contentId, ...rest } = attribs;
      if (contentId) {
        const url = render.inlineImageUrl(contentId);
        return url ? { ...rest, src: url } : rest;
      }
      if (remote && REMOTE.test(remote)) {
        if (render.loadRemoteContent) return { ...rest, src: remote };
        remoteContentBlocked += 1;
        return { ...rest, 'data-remote-src': remote };
      }
      return attribs;
    }),
  );
  return { html, remoteContentBlocked };
}

/** The text version of an HTML-only mail (quotes become "> " lines, which folding recognises). */
export function mailHtmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}

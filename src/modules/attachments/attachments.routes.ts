import { z } from 'zod';
import { isImageType } from '../../domain/file-type.js';
import { defineRoute, type RouteDefinition } from '../../http/route-definition.js';
import { idParams } from '../../http/schemas.js';
import { fileTooLarge, type AttachmentsService } from './attachments.service.js';

const downloadQuery = z.object({ expires: z.coerce.number().int().positive(), sig: z.string().min(1).max(200) });
export const uploadQuery = z.object({ fileName: z.string().min(1).max(500) });

/**
 * GET /api/attachments/:id?expires=&sig=: signed download links work from any page (the widget runs on customers'
 * sites). The signature is the access: links are handed out only inside messages the reader may see.
 * POST /api/uploads?fileName=: an agent's file for a chat reply or a note.
 */
export function attachmentsRoutes(attachments: AttachmentsService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/attachments/:id',
      auth: 'public',
      params: idParams,
      query: downloadQuery,
      handle: async ({ params, query, res }) => {
        const { attachment, stream } = await attachments.openDownload(params.id, query.expires, query.sig);
        const disposition = isImageType(attachment.contentType) ? 'inline' : 'attachment';
        res.set({
          'Content-Type': attachment.contentType,
          'Content-Length': String(attachment.byteSize),
          'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
          // The widget shows images on other sites' pages; nothing served here may run as a page.
          'Cross-Origin-Resource-Policy': 'cross-origin',
          'Content-Security-Policy': "default-src 'none'; sandbox",
          // No longer than the link lives.
          'Cache-Control': 'private, max-age=3600, immutable',
        });
        await new Promise<void>((resolve, reject) => {
          stream.once('error', reject).once('end', resolve);
          stream.pipe(res);
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/uploads',
      auth: 'signedIn',
      query: uploadQuery,
      rawBody: { maxBytes: attachments.maxBytes, declaredTooLarge: fileTooLarge(attachments.maxBytes) },
      status: 201,
      handle: async ({ query, body, user }) => {
        const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        return { upload: await attachments.storeAgentUpload(user.id, query.fileName, bytes) };
      },
    }),
  ];
}

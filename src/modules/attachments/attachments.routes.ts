import { Router } from 'express';
import { z } from 'zod';
import { isImageType } from '../../domain/file-type.js';
import { idParams } from '../../http/schemas.js';
import type { AttachmentsService } from './attachments.service.js';

const downloadQuery = z.object({ sig: z.string().min(1).max(200) });

/** Signed download links: they work from any page (the widget runs on customers' sites). */
export function attachmentsRoutes(attachments: AttachmentsService): Router {
  const router = Router();

  router.get('/attachments/:id', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { sig } = downloadQuery.parse(req.query);
    const { attachment, stream } = await attachments.openDownload(id, sig);
    const disposition = isImageType(attachment.contentType) ? 'inline' : 'attachment';
    res.set({
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.byteSize),
      'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      // The widget shows images on other sites' pages; nothing served here may run as a page.
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=86400, immutable',
    });
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject).once('end', resolve);
      stream.pipe(res);
    });
  });

  return router;
}

import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { isImageType } from '../../domain/file-type.js';
import { currentUser } from '../../http/auth.middleware.js';
import { idParams } from '../../http/schemas.js';
import { fileTooLarge, type AttachmentsService } from './attachments.service.js';

const downloadQuery = z.object({ expires: z.coerce.number().int().positive(), sig: z.string().min(1).max(200) });
export const uploadQuery = z.object({ fileName: z.string().min(1).max(500) });

/** Signed download links: they work from any page (the widget runs on customers' sites). */
export function attachmentsRoutes(attachments: AttachmentsService): Router {
  const router = Router();

  router.get('/attachments/:id', async (req, res) => {
    const { id } = idParams.parse(req.params);
    const { expires, sig } = downloadQuery.parse(req.query);
    const { attachment, stream } = await attachments.openDownload(id, expires, sig);
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
  });

  return router;
}

/** POST /api/uploads?fileName=: an agent's file for a chat reply or a note; mounted behind requireUser. */
export function agentUploadRoutes(attachments: AttachmentsService): Router {
  const router = Router();
  router.post(
    '/uploads',
    refuseDeclaredOversize(attachments.maxBytes),
    express.raw({ type: () => true, limit: attachments.maxBytes }),
    async (req, res) => {
      const { fileName } = uploadQuery.parse(req.query);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      res.status(201).json({ upload: await attachments.storeAgentUpload(currentUser(res).id, fileName, bytes) });
    },
  );
  return router;
}

/** Refuses a body announced as too large before reading it. */
export function refuseDeclaredOversize(maxBytes: number): RequestHandler {
  return (req, _res, next) => {
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw fileTooLarge(maxBytes);
    next();
  };
}

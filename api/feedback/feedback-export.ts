import type { MikroORM } from '@mikro-orm/postgresql';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { type Request, type Response, Router } from 'express';
import type { RequestHandler } from 'express';
import { agreementService } from '../agreements/agreement.service';
import { auditService } from '../common/audit-trail';
import { createRequestContext, type LoginThrottle } from '../common/context';
import { requireYear } from '../common/dates';
import { BadUserInputError, DomainError, ForbiddenError, ServiceUnavailableError } from '../common/errors';
import { sendError } from '../common/http-errors';
import { can } from '../common/permissions';
import { beginRequestTransaction, endRequestTransaction } from '../common/request-transaction';
import { annualFeedbackService } from './annual-feedback.service';
import { COLUMNS, csvCell, type ExportRow } from './export-columns';

/** Writes the workbook to the response, leaving the response open (the caller ends it once the audit is committed). */
async function writeXlsx(res: Response, rows: AsyncGenerator<ExportRow[]>, sheetName: string) {
  const stream = new PassThrough();
  stream.pipe(res, { end: false });
  const drained = finished(stream);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const chunk of rows) {
    for (const row of chunk) sheet.addRow(COLUMNS.map((column) => column.value(row))).commit();
  }
  sheet.commit();
  await workbook.commit();
  await drained;
}

async function writeCsv(res: Response, rows: AsyncGenerator<ExportRow[]>) {
  // A byte-order mark so that Excel opens the UTF-8 Chinese text correctly.
  res.write(`\uFEFF${COLUMNS.map((column) => csvCell(column.header)).join(',')}\r\n`);
  for await (const chunk of rows) {
    res.write(chunk.map((row) => `${COLUMNS.map((column) => csvCell(column.value(row))).join(',')}\r\n`).join(''));
  }
}

function parseQuery(req: Request): { agreementId: string; year: number } {
  const agreementId = String(req.query.agreementId ?? '');
  const year = Number(req.query.year);
  if (!/^\d{1,10}$/.test(agreementId)) throw new BadUserInputError('agreementId', 'is required (a record id)', 'REQUIRED');
  return { agreementId, year: requireYear(year) };
}

/**
 * `GET /export/annual-feedback.xlsx|.csv?agreementId=&year=`: authorised exactly like the API
 * (an admin session, or a token with feedback:read, in the same scope), streamed as it is read.
 */
export function feedbackExportRouter(orm: MikroORM, rateLimits: LoginThrottle, resolveViewer: RequestHandler): Router {
  const router = Router();
  router.get(/^\/annual-feedback\.(xlsx|csv)$/, resolveViewer, async (req, res, next) => {
    const format = (req.params as Record<string, string>)[0] as 'xlsx' | 'csv';
    const viewer = req.viewer!;
    if (viewer.kind === 'anonymous') return sendError(res, 401, 'UNAUTHENTICATED', 'Authentication required');
    if (!can(viewer, 'feedback:read')) return sendError(res, 403, 'FORBIDDEN', 'Not allowed: feedback:read is required');
    const ctx = createRequestContext({ requestId: String(req.id), em: orm.em.fork(), viewer, log: req.log, ip: req.ip, rateLimits });
    try {
      // A viewer from the cache of credentials comes back confirmed, or as it stands now.
      ctx.viewer = await beginRequestTransaction(ctx.em, viewer);
      if (!can(ctx.viewer, 'feedback:read')) throw new ForbiddenError('Not allowed: feedback:read is required');
      const { agreementId, year } = parseQuery(req);
      const agreement = await agreementService.get(ctx, agreementId, 'agreementId');
      const filename = encodeURIComponent(`${agreement.code}-${year}-年度情况反馈.${format}`);
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${filename}`);
      res.setHeader('cache-control', 'no-store');
      const rows = annualFeedbackService.exportRows(ctx, agreement.id, year);
      if (format === 'xlsx') {
        res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        await writeXlsx(res, rows, `${year}年度情况反馈`);
      } else {
        res.type('text/csv; charset=utf-8');
        await writeCsv(res, rows);
      }
      // What the export showed is on the audit trail before its last byte leaves: commit, then end.
      await auditService.flushReads(ctx);
      await endRequestTransaction(ctx, 'commit');
      res.end();
    } catch (error) {
      await endRequestTransaction(ctx, 'rollback').catch(() => undefined);
      if (res.headersSent) return res.destroy(error instanceof Error ? error : undefined);
      if (error instanceof DomainError && !(error instanceof ServiceUnavailableError)) {
        const code = String(error.extensions.code);
        const status = code === 'NOT_FOUND' ? 404 : code === 'BAD_USER_INPUT' ? 400 : code === 'UNAUTHENTICATED' ? 401 : 403;
        const { http: _http, ...extensions } = error.extensions;
        return sendError(res, status, code, error.message, extensions);
      }
      next(error); // a database that cannot be reached becomes a 503 in the server's error handler
    }
  });
  return router;
}

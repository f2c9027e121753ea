import { z } from 'zod';

/** `GET /api/models/:id/export?format=`: `audit` is the signed package `assay-verify audit` checks. */
export const ExportQuerySchema = z.object({ format: z.enum(['audit']) });
export type ExportFormat = z.infer<typeof ExportQuerySchema>['format'];

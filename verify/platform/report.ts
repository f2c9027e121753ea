import { z } from 'zod';
import { DriftEventSchema } from '../../domain/schemas/drift.js';
import { TierSummarySchema } from '../../domain/schemas/posture.js';
import { RiskTierSchema } from '../../domain/schemas/threat-model.js';

/**
 * The parts of `GET /api/ci/models/:id/report` that CI summaries show: posture per risk tier and
 * the drift events. Other fields pass through untouched (the report grows over time).
 */
export const PlatformReportSchema = z
  .object({
    modelVersion: z.number().int().optional(),
    summary: z.object({ overall: TierSummarySchema, byTier: z.partialRecord(RiskTierSchema, TierSummarySchema) }).optional(),
    drift: z.array(DriftEventSchema).default([]),
  })
  .loose();
export type PlatformReport = z.infer<typeof PlatformReportSchema>;

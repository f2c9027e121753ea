// Public API of domain/: pure, deterministic, no I/O. Listed explicitly (no `export *`).

// ---- schemas and their types ----
export { CommitIdSchema, IsoDateTimeSchema, Sha256HexSchema } from './schemas/common.js';
export {
  DEFAULT_WORKSPACE_POLICY,
  MitigationPolicyLevelSchema,
  WorkspacePolicySchema,
  WorkspaceSchema,
} from './schemas/workspace.js';
export type { MitigationPolicyLevel, Workspace, WorkspacePolicy } from './schemas/workspace.js';
export { ApiKeyRecordSchema, ApiKeyScopeSchema } from './schemas/api-key.js';
export type { ApiKeyRecord, ApiKeyScope } from './schemas/api-key.js';
export {
  AssetSchema,
  AssumptionKindSchema,
  AssumptionRejectionSchema,
  AssumptionSchema,
  AttackerSchema,
  AttestationSchema,
  ControlObjectiveSchema,
  ControlSchema,
  LevelSchema,
  ModelContentSchema,
  ModelVersionSchema,
  RiskTierSchema,
  SecurityPropertySchema,
  DeclaredAssumptionKindSchema,
  ThreatIdSchema,
  ThreatModelSchema,
  ThreatSchema,
  TrustBoundarySchema,
} from './schemas/threat-model.js';
export type {
  Asset,
  Assumption,
  Attacker,
  Attestation,
  Control,
  ControlObjective,
  Level,
  ModelContent,
  ModelVersion,
  RiskTier,
  SecurityProperty,
  Threat,
  ThreatModel,
  TrustBoundary,
} from './schemas/threat-model.js';
export {
  ASSERTION_TYPES,
  AssertionDefinitionSchema,
  AssertionParamsSchema,
  AssertionSchema,
  AssertionTypeSchema,
  EvidenceSchema,
  Tier1ResultSchema,
  TierResultSchema,
  VerdictSchema,
} from './schemas/assertion.js';
export type { Assertion, AssertionDefinition, AssertionType, Evidence, Tier1Result, TierResult } from './schemas/assertion.js';
export * from './ci-contract.js';
export {
  ASSAY_PREDICATE_TYPE,
  DSSE_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  RunEntrySchema,
  RunIdentitySchema,
} from './schemas/envelope.js';
export type { RunEntry, RunIdentity } from './schemas/envelope.js';
export {
  AssayPredicateSchema,
  AttestedEntrySchema,
  AttestedPipelineSchema,
  AttestedTier2ResultSchema,
  CitationSchema,
  EnvelopeRejectionCodeSchema,
  SignedEnvelopeSchema,
  SufficiencyReviewSchema,
  Tier2ProviderSchema,
  Tier2UsageSchema,
  TokenUsageSchema,
  TrustedIssuerSchema,
  VerificationStatementSchema,
  dssePae,
  replayKey,
} from './schemas/attestation.js';
export type {
  AssayPredicate,
  AttestedEntry,
  AttestedPipeline,
  AttestedTier2Result,
  Citation,
  EnvelopeRejectionCode,
  SignedEnvelope,
  SufficiencyReview,
  Tier2Provider,
  Tier2Usage,
  TokenUsage,
  TrustedIssuer,
  VerificationStatement,
} from './schemas/attestation.js';
export {
  AssertionResultSchema,
  RunAssertionResultSchema,
  RunOutcomeSchema,
  RunRefSchema,
  VerificationRunSchema,
  VerificationStateSchema,
} from './schemas/verification.js';
export type {
  AssertionResult,
  RunAssertionResult,
  RunOutcome,
  RunRef,
  VerificationRun,
  VerificationState,
} from './schemas/verification.js';
export {
  FindingEventSchema,
  FindingEventTypeSchema,
  FindingHistoryEntrySchema,
  FindingSchema,
  FindingStatusSchema,
} from './schemas/finding.js';
export type { Finding, FindingEvent, FindingEventType, FindingHistoryEntry, FindingStatus } from './schemas/finding.js';
export { DriftEventSchema, DriftLevelSchema } from './schemas/drift.js';
export type { DriftEvent, DriftLevel } from './schemas/drift.js';
export {
  ControlMetricsSchema,
  ControlPostureSchema,
  GroupPostureSchema,
  ObjectivePostureSchema,
  PostureSchema,
  PostureStatusSchema,
  ReasonCodeSchema,
  TierSummarySchema,
  VerificationLevelSchema,
} from './schemas/posture.js';
export type {
  ControlMetrics,
  ControlPosture,
  GroupPosture,
  ObjectivePosture,
  Posture,
  PostureStatus,
  ReasonCode,
  TierSummary,
  VerificationLevel,
} from './schemas/posture.js';
export { DIFFED_ENTITIES, EntityDiffSchema, FieldChangeSchema, ModelDiffSchema } from './schemas/diff.js';
export type { DiffedEntity, EntityDiff, FieldChange, ModelDiff } from './schemas/diff.js';

// ---- hashing ----
export { CanonicalJsonError, canonicalJson, sha256Hex } from './canonical-json.js';
export { assertionDigest, assertionSetDigest, runContentHash } from './content-hash.js';

// ---- ids, risk, objectives, versions ----
export {
  allocateIds,
  compareIds,
  compareStrings,
  contentIdCounters,
  highWater,
  ID_PREFIXES,
  idNumber,
  IdReuseError,
  nextId,
  reusedIds,
  sortIds,
} from './ids.js';
export type { IdCounters, IdPrefix } from './ids.js';
export { liveSorted } from './live.js';
export { RISK_TIERS, riskTier } from './risk.js';
export { buildObjectiveMatrix, objectiveStatement, orderedProperties, relevantProperties } from './objectives.js';
export { blockingBoundaries, inReachObjectives, objectiveReach, syncBoundaryAssumptions } from './reachability.js';
export type { BoundaryAssumptionsInput, ObjectiveReach } from './reachability.js';
export { counteredThreats, linkProblems, threatId, threatProblems, uncoveredProperties } from './control-links.js';
export { lintModel } from './model-lint.js';
export { LintCodeSchema, LintIssueSchema, ModelLintSchema } from './schemas/model-lint.js';
export type { LintCode, LintIssue, ModelLint } from './schemas/model-lint.js';
export type { ObjectiveMatrixInput } from './objectives.js';
export { createVersion, EntityNotFoundError, restoreEntity, softDeleteEntity } from './versions.js';
export type { NewVersionInput } from './versions.js';
export { diffContent, diffVersions } from './diff.js';

// ---- verification, posture, drift, findings ----
export { assertionOutcomes, evaluateAssertion, indexResults, resultPasses, tierStatus } from './assertion-outcome.js';
export type { AssertionEvaluation, AssertionOutcome, TierStatus } from './assertion-outcome.js';
export { assessSufficiency, normalizeAspect } from './sufficiency.js';
export type { CriterionCoverage, Sufficiency } from './sufficiency.js';
export {
  KeptSufficiencyReviewSchema,
  SufficiencyDecisionKindSchema,
  SufficiencyDecisionSchema,
  SufficiencyStatusSchema,
} from './schemas/sufficiency.js';
export type { KeptSufficiencyReview, SufficiencyDecision, SufficiencyDecisionKind, SufficiencyStatus } from './schemas/sufficiency.js';
export { controlSufficiency, sufficiencyHolds } from './sufficiency-review.js';
export type { ControlSufficiency, SufficiencyEvidence } from './sufficiency-review.js';
export { controlOutcome } from './control-outcome.js';
export { controlVerificationLevel, meetsPolicy } from './verification-level.js';
export type { ControlVerification } from './verification-level.js';
export { applyRun, EMPTY_VERIFICATION_STATE } from './verification-state.js';
export type { AcceptedRun } from './verification-state.js';
export { runApplicability, trackedBranch } from './run-applicability.js';
export type { ApplicabilityInput, NotAppliedReason, RunApplicability } from './run-applicability.js';
export { assumptionStatus } from './assumption-status.js';
export type { AssumptionStatus } from './assumption-status.js';
export { computePosture, DEFAULT_MITIGATION_GROUP } from './posture.js';
export type { PostureInput } from './posture.js';
export { detectDrift } from './drift.js';
export type { DriftModel } from './drift.js';
export { applyFindingTransition, FINDING_TRANSITIONS } from './finding-transitions.js';
export type { FindingTransitionErrorCode, FindingTransitionResult, HumanFindingEvent } from './finding-transitions.js';

import type { Asset, Attacker, ControlObjective, ModelContent } from '../../domain/schemas/threat-model.js';
import type { TokenUsage } from '../llm/types.js';
import type { AssetDraft, AttackerDraft, BoundaryDraft, ControlsDraft } from './drafts.js';
import type { RefinementPlan } from './refinement-plan.js';

export interface Step<T> {
  data: T;
  usage: TokenUsage;
}

/** One objective with the entities it joins, as the controls step sees it. */
export interface ObjectiveContext {
  objective: ControlObjective;
  asset: Asset;
  attacker: Attacker;
}

/**
 * The generation steps, implemented by an LLM (prompts + structured output) or by the
 * offline catalogue. Both return the same drafts; activities allocate ids around them.
 */
export interface GenerationEngine {
  /** Provenance recorded with each version, e.g. `offline` or `anthropic/claude-sonnet-4-5`. */
  readonly name: string;
  generateAssets(description: string): Promise<Step<AssetDraft[]>>;
  refineAssets(description: string, assets: AssetDraft[]): Promise<Step<AssetDraft[]>>;
  generateAttackers(description: string, assets: Asset[]): Promise<Step<AttackerDraft[]>>;
  refineAttackers(description: string, assets: Asset[], attackers: AttackerDraft[]): Promise<Step<AttackerDraft[]>>;
  analyseBoundaries(description: string, assets: Asset[], attackers: Attacker[]): Promise<Step<BoundaryDraft>>;
  /** Threats for every property of every objective of the batch, and controls whose links name the threats they counter. */
  generateControls(description: string, batch: ObjectiveContext[]): Promise<Step<ControlsDraft>>;
  planRefinement(instruction: string, content: ModelContent): Promise<Step<RefinementPlan>>;
}

export const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, calls: 0 };

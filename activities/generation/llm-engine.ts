import { z } from 'zod';
import type { ModelContent } from '../../domain/schemas/threat-model.js';
import type { LlmProvider } from '../llm/types.js';
import { linkProblems } from '../../domain/control-links.js';
import { AssetsStepSchema, AttackersStepSchema, boundaryStepSchema, controlsStepSchema, draftLinks } from './drafts.js';
import type { GenerationEngine } from './engine.js';
import { SYSTEM_PROMPT, prompts, refinementPrompt } from './prompts.js';
import { RefinementPlanSchema } from './refinement-plan.js';

/** A refinement plan may only name ids the model has (live), and controls only live objectives. */
function refinementSchema(content: ModelContent) {
  const liveIds = <T extends { id: string; deletedAt?: string | undefined }>(items: readonly T[]) =>
    new Set(items.filter((item) => item.deletedAt === undefined).map((item) => item.id));
  const known = {
    assets: liveIds(content.assets),
    attackers: liveIds(content.attackers),
    trustBoundaries: liveIds(content.trustBoundaries),
    assumptions: liveIds(content.assumptions),
    controls: liveIds(content.controls),
  };
  const objectives = liveIds(content.objectives);
  return RefinementPlanSchema.superRefine((plan, ctx) => {
    for (const [entity, ids] of Object.entries(known) as Array<[keyof typeof known, Set<string>]>) {
      const named = [...plan[entity].update.map((u) => u.id), ...plan[entity].remove];
      for (const id of named.filter((id) => !ids.has(id))) {
        ctx.addIssue({ code: 'custom', path: [entity], message: `unknown ${entity} id ${id}` });
      }
    }
    const referenced = [
      ...plan.controls.add.flatMap((c) => c.mitigates.map((m) => m.objectiveId)),
      ...plan.assumptions.add.flatMap((a) => a.objectiveIds),
      ...plan.assumptions.update.flatMap((a) => a.objectiveIds ?? []),
    ];
    for (const id of referenced.filter((id) => !objectives.has(id))) {
      ctx.addIssue({ code: 'custom', path: ['controls'], message: `unknown objective id ${id}` });
    }
    // The same link check as generation and edits: an added control names the threats it counters.
    const byId = new Map(content.objectives.map((o) => [o.id, o]));
    for (const draft of plan.controls.add) {
      for (const message of linkProblems(draftLinks(draft, `"${draft.name}"`), byId)) ctx.addIssue({ code: 'custom', path: ['controls'], message });
    }
  });
}

/** The generation steps over any LLM provider: one structured call (plus bounded repair) per step. */
export function createLlmEngine(llm: LlmProvider): GenerationEngine {
  const ask = <S extends z.ZodType>(schemaName: string, schema: S, prompt: string) =>
    llm.generate({ system: SYSTEM_PROMPT, prompt, schemaName, schema });
  return {
    name: `${llm.provider}/${llm.model}`,

    async generateAssets(description) {
      const { data, usage } = await ask('assets', AssetsStepSchema, prompts.generateAssets(description));
      return { data: data.assets, usage };
    },

    async refineAssets(description, drafts) {
      const { data, usage } = await ask('assets', AssetsStepSchema, prompts.refineAssets(description, drafts));
      return { data: data.assets, usage };
    },

    async generateAttackers(description, assets) {
      const { data, usage } = await ask('attackers', AttackersStepSchema, prompts.generateAttackers(description, assets));
      return { data: data.attackers, usage };
    },

    async refineAttackers(description, assets, drafts) {
      const { data, usage } = await ask('attackers', AttackersStepSchema, prompts.refineAttackers(description, assets, drafts));
      return { data: data.attackers, usage };
    },

    analyseBoundaries(description, assets, attackers) {
      const schema = boundaryStepSchema(
        assets.map((a) => a.id),
        attackers.map((t) => t.id),
      );
      return ask('trust_boundaries', schema, prompts.analyseBoundaries(description, assets, attackers));
    },

    generateControls(description, batch) {
      const schema = controlsStepSchema(batch.map((b) => b.objective));
      return ask('controls', schema, prompts.generateControls(description, batch));
    },

    planRefinement(instruction, content) {
      return ask('refinement_plan', refinementSchema(content), refinementPrompt(instruction, content));
    },
  };
}

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createGenerationEngine, EngineConfigError } from './create-engine.js';

const llm = (env: Record<string, string>) => loadConfig(env).llm;

describe('choosing the generation engine from configuration', () => {
  it('uses the offline catalogue when no provider key is configured', () => {
    expect(createGenerationEngine(llm({})).name).toBe('offline');
  });

  it('uses the provider a key is configured for, with its default or configured model', () => {
    expect(createGenerationEngine(llm({ ANTHROPIC_API_KEY: 'sk-ant' })).name).toBe('anthropic/claude-sonnet-4-5');
    expect(createGenerationEngine(llm({ OPENAI_API_KEY: 'sk', ASSAY_LLM_MODEL: 'gpt-5-mini' })).name).toBe('openai/gpt-5-mini');
    expect(createGenerationEngine(llm({ ASSAY_LLM_PROVIDER: 'ollama' })).name).toBe('ollama/llama3.1');
  });

  it('refuses a provider chosen without its key', () => {
    expect(() => createGenerationEngine(llm({ ASSAY_LLM_PROVIDER: 'openai' }))).toThrow(EngineConfigError);
    expect(() => createGenerationEngine(llm({ ASSAY_LLM_PROVIDER: 'anthropic' }))).toThrow(/needs ANTHROPIC_API_KEY/);
  });
});

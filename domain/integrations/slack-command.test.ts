import { describe, expect, it } from 'vitest';
import { parseSlackCommand } from './slack-command.js';

describe('/assay command text', () => {
  it('reads model, posture and findings', () => {
    expect(parseSlackCommand('model A REST API with file uploads')).toEqual({ kind: 'model', description: 'A REST API with file uploads' });
    expect(parseSlackCommand(' posture M12 ')).toEqual({ kind: 'posture', modelId: 'M12' });
    expect(parseSlackCommand('FINDINGS M1')).toEqual({ kind: 'findings', modelId: 'M1' });
  });

  it('answers usage for anything else', () => {
    for (const text of ['', 'model short', 'posture', 'posture M1 M2', 'posture x', 'delete M1']) {
      expect(parseSlackCommand(text).kind, text).toBe('help');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { findingIssueLabel, modelCommentRef, verifiedCommentRef } from './jira-refs.js';

describe('Jira tags', () => {
  it('labels one finding apart from the same ids in another workspace, in a form Jira accepts', () => {
    const label = findingIssueLabel('ws-a', 'M1', 'F2');
    expect(label).toMatch(/^assay-[0-9a-f]{24}$/);
    expect(findingIssueLabel('ws-a', 'M1', 'F2')).toBe(label);
    expect(findingIssueLabel('ws-b', 'M1', 'F2')).not.toBe(label);
    expect(findingIssueLabel('ws-a', 'M1F', '2')).not.toBe(findingIssueLabel('ws-a', 'M1', 'F2'));
  });

  it('tells a generation, each refinement proposal and a verification apart', () => {
    const refs = [modelCommentRef('w', 'M1', 1), modelCommentRef('w', 'M1', 1, 'P1'), modelCommentRef('w', 'M1', 2, 'P2'), verifiedCommentRef('w', 'M1', 'F1')];
    expect(new Set(refs).size).toBe(refs.length);
  });
});

import { describe, expect, it } from 'vitest';
import { criticalPathOfHistory, type HistoryEvent } from './critical-path.js';

let nextId = 1;
const scheduled = (activityId: string): HistoryEvent => ({ eventId: nextId++, activityTaskScheduledEventAttributes: { activityId } });
const completed = (of: HistoryEvent): HistoryEvent => ({ eventId: nextId++, activityTaskCompletedEventAttributes: { scheduledEventId: of.eventId as number } });

describe('critical path from a workflow history', () => {
  it('counts a wave of parallel activities once, however their completions interleave', () => {
    const a = scheduled('1');
    const b = scheduled('2');
    const waves = [scheduled('3'), scheduled('4'), scheduled('5')];
    const store = scheduled('6');
    const history = [a, completed(a), b, completed(b), ...waves, completed(waves[2]!), completed(waves[0]!), completed(waves[1]!), store, completed(store)];
    const calls = new Map([['1', 1], ['2', 1], ['3', 1], ['4', 1], ['5', 1]]);
    expect(criticalPathOfHistory(history, calls)).toBe(3);
  });

  it('counts batches scheduled one after another in sequence', () => {
    const first = scheduled('1');
    const second = scheduled('2');
    const history = [first, completed(first), second, completed(second)];
    expect(criticalPathOfHistory(history, new Map([['1', 1], ['2', 1]]))).toBe(2);
  });

  it('adds every call an activity made and nothing for an activity that made none', () => {
    const retried = scheduled('1');
    const store = scheduled('2');
    const history = [retried, completed(retried), store, completed(store)];
    expect(criticalPathOfHistory(history, new Map([['1', 2]]))).toBe(2);
  });

  it('reads Long event ids as the SDK returns them', () => {
    const long = (n: number) => ({ toNumber: () => n });
    const history: HistoryEvent[] = [
      { eventId: long(5), activityTaskScheduledEventAttributes: { activityId: 'x' } },
      { eventId: long(6), activityTaskCompletedEventAttributes: { scheduledEventId: long(5) } },
      { eventId: long(7), activityTaskScheduledEventAttributes: { activityId: 'y' } },
    ];
    expect(criticalPathOfHistory(history, new Map([['x', 1], ['y', 1]]))).toBe(2);
  });
});

import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';

// The baseline of the assurance benchmark: the cheapest signal → state → query round trip.
export const echoSignal = defineSignal<[number]>('echoSignal');
export const echoQuery = defineQuery<number>('echoQuery');

export async function echo(): Promise<void> {
  let last = 0;
  setHandler(echoSignal, (n) => {
    last = n;
  });
  setHandler(echoQuery, () => last);
  await condition(() => last < 0);
}

/**
 * Adds a value to the list a map holds for a key, in place. Posture groups hundreds of assertions
 * under one control or criterion; copying the list on every add made that quadratic.
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

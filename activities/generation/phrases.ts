/** Lower-case words with a trailing plural `s` dropped, so "uploads" matches "upload". */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
}

/** Whether `phrase` occurs in `text` as whole consecutive words. */
export function containsPhrase(textWords: readonly string[], phrase: string): boolean {
  const wanted = words(phrase);
  if (wanted.length === 0) return false;
  for (let start = 0; start + wanted.length <= textWords.length; start++) {
    if (wanted.every((word, offset) => textWords[start + offset] === word)) return true;
  }
  return false;
}

export function sameName(a: string, b: string): boolean {
  return words(a).join(' ') === words(b).join(' ');
}

/** A one-line progress bar on a terminal's stderr, erased when done. */
export function progressBar(stream: { write(text: string): unknown }, color: boolean) {
  const width = 30;
  let drawn = false;
  return {
    update(done: number, total: number) {
      const filled = Math.round((done / Math.max(total, 1)) * width);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      stream.write(`\r${color ? `\u001b[36m${bar}\u001b[0m` : bar} ${done}/${total}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}

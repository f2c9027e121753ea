/**
 * Runs `stop` once on the first SIGINT or SIGTERM sent to this process (a terminal's Ctrl-C
 * reaches the whole process group, `kill <pid>` or a service manager only this process), then
 * exits. Installed before anything starts, so a signal during start-up stops what has started;
 * later signals are acknowledged rather than killing the process halfway through stopping.
 */
export function stopOnSignals(stop: () => Promise<void>, log: (line: string) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return log(`${signal}: already stopping`);
    stopping = true;
    log(`${signal}: stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

// Kills the daemons of every rig still running when the test process itself ends, so none outlives a killed run.
const cleanups = new Set<() => void>();

/**
 * Runs `cleanup` (synchronously) if the process ends while the rig is up: on exit, and on SIGTERM
 * (how vitest ends its workers) or SIGINT (Ctrl-C), neither of which runs exit listeners. Returns
 * the function that cancels it, for a rig that stopped normally.
 */
export function onProcessEnd(cleanup: () => void): () => void {
  if (cleanups.size === 0) listen(true);
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) listen(false);
  };
}

function runAll(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // The process is ending: clean up the other rigs anyway.
    }
  }
  cleanups.clear();
}

function endBySignal(signal: NodeJS.Signals): void {
  runAll();
  listen(false);
  // No listener is left, so the signal now ends the process as it would have without us.
  process.kill(process.pid, signal);
}

function listen(on: boolean): void {
  const method = on ? 'on' : 'off';
  process[method]('exit', runAll);
  process[method]('SIGTERM', endBySignal);
  process[method]('SIGINT', endBySignal);
}

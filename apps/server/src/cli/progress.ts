// Progress on long work (backup, restore, importing many files): a bar on the terminal, drawn
// only when a person watches, i.e. stdout and stderr are both terminals. Piped or redirected
// output never gets one, so scripts and logs see only the results.
import cliProgress from 'cli-progress';

export interface Progress {
  /** Set (or change) how much work there is. */
  total(total: number): void;
  /** How much of it is done. */
  update(done: number): void;
  /** Remove the bar (finished or failed); later calls do nothing. */
  stop(): void;
}

const silent: Progress = { total() {}, update() {}, stop() {} };

export function interactive(): boolean {
  return process.stdout.isTTY === true && process.stderr.isTTY === true;
}

/** A bar labelled `label` counting `unit`s, or one that draws nothing when not interactive. */
export function progress(label: string, unit: string): Progress {
  if (!interactive()) return silent;
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% {value}/{total} ${unit}`,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  let started = false;
  let stopped = false;
  return {
    total(total) {
      if (stopped) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      } else bar.setTotal(total);
    },
    update(done) {
      if (started && !stopped) bar.update(done);
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}

import cliProgress from 'cli-progress';
import type { Progress } from '../pipeline/types.js';

export interface ProgressDisplay {
  update(progress: Progress): void;
  stop(): void;
}

const PHASE_LABELS: Record<Progress['phase'], string> = {
  discovery: 'finding files',
  parsing: 'parsing',
  linking: 'linking modules',
  detection: 'finding endpoints',
  classification: 'following handlers',
  estimation: 'estimating',
};

/**
 * Progress on stderr, only when stderr is a terminal and --quiet is off: pipes, CI logs and
 * redirected output stay clean.
 */
export function createProgressDisplay(stream: NodeJS.WriteStream, enabled: boolean): ProgressDisplay {
  if (!enabled || !stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'gonogo {phase} [{bar}] {value}/{total} files',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let phase: Progress['phase'] | null = null;
  return {
    update(progress) {
      if (!started) {
        bar.start(Math.max(progress.total, 1), progress.done, { phase: PHASE_LABELS[progress.phase] });
        started = true;
      }
      if (progress.phase !== phase) {
        phase = progress.phase;
        if (progress.total > 0) bar.setTotal(progress.total);
      }
      bar.update(progress.total > 0 ? progress.done : bar.getProgress() * bar.getTotal(), { phase: PHASE_LABELS[progress.phase] });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

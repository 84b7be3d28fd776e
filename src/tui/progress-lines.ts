import type { Progress } from '../pipeline/types.js';
import { segment, type Line } from './segments.js';
import { formatCount, padEnd } from './text.js';

export const PHASES: readonly Progress['phase'][] = ['discovery', 'parsing', 'linking', 'detection', 'classification', 'estimation'];
const BAR_WIDTH = 24;

/**
 * The analysis progress as lines: one per phase reached so far, the current one with a bar.
 * `latest` holds the last report of each phase; a phase is done once a later one started.
 */
export function buildProgressLines(repository: string, latest: ReadonlyMap<Progress['phase'], Progress>): Line[] {
  const lines: Line[] = [[segment('gonogo review', 'heading'), segment(`  analysing ${repository}…`)], []];
  const reached = PHASES.filter((phase) => latest.has(phase));
  const current = reached[reached.length - 1];
  for (const phase of reached) {
    const progress = latest.get(phase) as Progress;
    const finished = phase !== current || (progress.total > 0 && progress.done >= progress.total);
    const line: Line = [segment(`  ${padEnd(phase, 15)}`, finished ? 'muted' : 'plain')];
    if (progress.total > 0) {
      const ratio = Math.min(1, progress.done / progress.total);
      const filled = finished ? BAR_WIDTH : Math.round(ratio * BAR_WIDTH);
      line.push(segment('█'.repeat(filled), 'accent'), segment('░'.repeat(BAR_WIDTH - filled), 'muted'));
      line.push(segment(` ${formatCount(finished ? progress.total : progress.done)}/${formatCount(progress.total)}`, finished ? 'muted' : 'plain'));
    } else {
      line.push(segment(finished ? 'done' : '…', 'muted'));
    }
    lines.push(line);
  }
  lines.push([], [segment('  ctrl+c or q cancels', 'muted')]);
  return lines;
}

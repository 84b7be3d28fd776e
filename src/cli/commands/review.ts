import path from 'node:path';
import type { Command } from 'commander';
import { resolveAnalyzeOptions } from '../../config/resolve-options.js';
import { TerminalError } from '../../errors.js';
import { analyzeRepository } from '../../pipeline/analyze-repository.js';
import { REVIEW_FILE_NAME, createSourceReader, readReviewEntries, writeReviewFile } from '../../review/index.js';
import { shouldUseColor, writeStdout } from '../io.js';
import { readToolVersion } from '../version.js';
import { readOptionFlags } from './shared-flags.js';

/** The parts of stdin and stdout the terminal check reads (structural, so tests can pass fakes). */
interface TerminalStreams {
  stdin: { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: { isTTY?: boolean };
}

/**
 * The UI needs keys one at a time and a screen to draw on. Without either (CI, pipes,
 * `| less`, some Windows shells) it says so in one line and points to `analyze`.
 */
export function assertInteractiveTerminal({ stdin, stdout }: TerminalStreams): void {
  const advice = 'use `gonogo analyze` instead';
  if (stdin.isTTY !== true || stdout.isTTY !== true) {
    const which = stdin.isTTY !== true && stdout.isTTY !== true ? 'stdin and stdout are not' : stdin.isTTY !== true ? 'stdin is not' : 'stdout is not';
    throw new TerminalError(`review is interactive and needs a terminal, but ${which} a terminal; ${advice}`);
  }
  if (typeof stdin.setRawMode !== 'function') throw new TerminalError(`review needs a terminal that supports raw mode; ${advice}`);
  try {
    stdin.setRawMode(true);
    stdin.setRawMode(false);
  } catch (error) {
    throw new TerminalError(`review needs a terminal that supports raw mode; ${advice}`, { cause: error });
  }
}

/**
 * Ink 6 decides once, when it is first imported, whether it runs in CI (`CI` or
 * `CONTINUOUS_INTEGRATION` set to anything but `0`/`false`); there it draws only the last
 * frame, at exit, so the review would sit on a blank screen. Ink 7's `interactive` option
 * fixes this, but needs Node 22. The terminal check has already proved a person is at a
 * terminal, so the markers are dropped from this process before the UI is loaded.
 */
export function dropCiMarkers(env: Record<string, string | undefined>): string[] {
  const dropped: string[] = [];
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) {
    if (key in env) {
      delete env[key];
      dropped.push(key);
    }
  }
  return dropped;
}

export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description('walk the endpoints in a terminal UI, read the evidence, relabel them, and save the decisions to gonogo.review.json')
    .argument('[path]', 'repository folder', '.')
    .option('-c, --config <file>', 'config file (default: gonogo.config.json at the repository root)')
    .option('--include <glob...>', 'only analyse files matching these globs (relative to the repository)')
    .option('--exclude <glob...>', 'skip files matching these globs')
    .option('--max-file-size <kb>', 'skip source files larger than this many KB (default 1024)')
    .option('--workers <n>', 'parser threads (default: one per core; 0 parses on the main thread)')
    .action(async (repo: string, raw: Record<string, unknown>) => {
      await runReview(repo, raw);
    });
}

async function runReview(repo: string, raw: Record<string, unknown>): Promise<void> {
  assertInteractiveTerminal({ stdin: process.stdin, stdout: process.stdout });
  const { options } = await resolveAnalyzeOptions(repo, readOptionFlags(raw));
  // Read (and validate) the decisions before the screen changes, so a malformed file is a
  // plain one-line error; the UI applies them itself to show what the analysis said.
  const loaded = await readReviewEntries(options.root);
  dropCiMarkers(process.env);
  const { runReviewTui } = await import('../../tui/run-review.js');
  let analysis: Promise<unknown> = Promise.resolve();
  const summary = await runReviewTui({
    analyze: (onProgress) => {
      const running = analyzeRepository({ ...options, applyReview: false }, { onProgress }, readToolVersion());
      analysis = running;
      return running;
    },
    repository: path.basename(options.root),
    entries: loaded?.entries ?? [],
    readSource: createSourceReader(options.root),
    saveEntries: async (entries) => {
      await writeReviewFile(options.root, entries);
      return REVIEW_FILE_NAME;
    },
    color: shouldUseColor(process.stdout),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (summary === null) {
    await writeStdout('gonogo review: cancelled during the analysis\n');
    // The pipeline takes no abort signal; its parser threads must wind down on their own
    // (killing the process under them aborts the native parser), so wait for it quietly.
    await analysis.catch(() => undefined);
    return;
  }
  const lines: string[] = [];
  if (summary.writtenTo !== null) {
    lines.push(`gonogo review: decisions saved in ${path.join(options.root, REVIEW_FILE_NAME)}; gonogo analyze applies them`);
  }
  if (summary.discarded > 0) {
    lines.push(`gonogo review: ${summary.discarded} unwritten change${summary.discarded === 1 ? '' : 's'} discarded`);
  }
  if (lines.length > 0) await writeStdout(`${lines.join('\n')}\n`);
}

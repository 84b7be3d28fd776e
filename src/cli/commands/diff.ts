import { Command, InvalidArgumentError, Option } from 'commander';
import { resolveAnalyzeOptions } from '../../config/resolve-options.js';
import type { ConfigFile, Gates, OutputFormat, RiskLevel } from '../../config/types.js';
import { diffRevisions, type AnalyzeFunction, type DiffRun } from '../../diff/diff-revisions.js';
import { evaluateGates } from '../../diff/evaluate-gates.js';
import type { GateOutcome } from '../../diff/types.js';
import { analyzeRepository } from '../../pipeline/analyze-repository.js';
import { renderDiffJson } from '../../reporters/diff-json.js';
import { renderDiffMarkdown } from '../../reporters/diff-markdown.js';
import { renderDiffText } from '../../reporters/diff-text.js';
import { shouldUseColor, writeFileAtomic, writeStdout } from '../io.js';
import { createProgressDisplay, type ProgressDisplay } from '../progress.js';
import { readToolVersion } from '../version.js';
import { addAnalysisFlags, addFormatFlags, readOptionFlags } from './shared-flags.js';

/** Flags `diff` and `comment` share, as commander parses them: what to analyse, how, and the gates. */
export interface DiffFlags {
  base?: string;
  head?: string;
  config?: string;
  include?: string[];
  exclude?: string[];
  /** KB, as typed; validated by readOptionFlags. */
  maxFileSize?: string;
  workers?: string;
  /** Commander's `--no-review`: false skips gonogo.review.json. */
  review?: boolean;
  quiet?: boolean;
  maxMonthsIncrease?: number;
  failOnRisk?: RiskLevel;
  failOnNewCpu?: boolean;
  failOnUnmappedDeps?: boolean;
}

export interface DiffOutcome {
  run: DiffRun;
  gates: GateOutcome[];
  config: ConfigFile;
}

/**
 * Resolves options against the user's folder (its gonogo.config.json), runs both analyses and
 * evaluates the gates: config `gates` first, flags over them.
 */
export async function runDiff(
  folder: string,
  revisions: { base: string; head: string },
  flags: DiffFlags,
  analyze: AnalyzeFunction | undefined = (options, hooks) => analyzeRepository(options, hooks, readToolVersion()),
): Promise<DiffOutcome> {
  const { options, config } = await resolveAnalyzeOptions(folder, readOptionFlags(flags));
  // One progress bar per revision, so the label says which one is being analysed.
  const progress: { current: ProgressDisplay | null } = { current: null };
  let run: DiffRun;
  try {
    run = await diffRevisions({
      folder,
      base: revisions.base,
      head: revisions.head,
      options,
      analyze,
      onRevision: (side, info) => {
        progress.current?.stop();
        progress.current = createProgressDisplay(process.stderr, flags.quiet !== true);
        if (process.stderr.isTTY && flags.quiet !== true) process.stderr.write(`gonogo: ${side} ${info.ref} (${info.sha.slice(0, 12)})\n`);
      },
      onProgress: (update) => progress.current?.update(update),
    });
  } finally {
    progress.current?.stop();
  }
  const gates = evaluateGates(run.delta, mergeGates({ ...config.gates, ...options.gates }, flags));
  return { run, gates, config };
}

export function mergeGates(configured: Gates, flags: DiffFlags): Gates {
  const gates: Gates = { ...configured };
  if (flags.maxMonthsIncrease !== undefined) gates.maxMonthsIncrease = flags.maxMonthsIncrease;
  if (flags.failOnRisk !== undefined) gates.failOnRisk = flags.failOnRisk;
  if (flags.failOnNewCpu !== undefined) gates.failOnNewCpuEndpoints = flags.failOnNewCpu;
  if (flags.failOnUnmappedDeps !== undefined) gates.failOnUnmappedDependencies = flags.failOnUnmappedDeps;
  return gates;
}

/** Options shared by `diff` and `comment`: the analysis flags of every command, then the gates. */
export function addDiffOptions(command: Command): Command {
  return addAnalysisFlags(command)
    .option('--max-months-increase <n>', 'gate: fail when the likely engineer-months grow by more than N', parseNonNegativeNumber)
    .addOption(new Option('--fail-on-risk <level>', 'gate: fail when the head risk is at or above this level').choices(['medium', 'high']))
    .option('--fail-on-new-cpu', 'gate: fail when an endpoint becomes CPU-bound (kind cpu or mixed)')
    .option('--no-fail-on-new-cpu', 'turn off the gate set in the config')
    .option('--fail-on-unmapped-deps', 'gate: fail on a new dependency without a known Go equivalent')
    .option('--no-fail-on-unmapped-deps', 'turn off the gate set in the config');
}

export function registerDiffCommand(program: Command): void {
  const command = program
    .command('diff')
    .summary('how a change moves the Go estimate, between two git revisions')
    .description(
      'Analyse two revisions of a git repository and report the delta: endpoints added, removed and changed, ' +
        'endpoints that became CPU-bound, the change in engineer-months and risk, new dynamic features and new ' +
        'dependencies with their Go mapping. Each revision is checked out into a temporary git worktree (or ' +
        'extracted with git archive); the working tree, index and HEAD are never touched. The head defaults to ' +
        'HEAD, the last commit: uncommitted changes are not part of the diff. Exit code 1 when a gate fails.',
    )
    .argument('[path]', 'folder to analyse, inside a git work tree', '.')
    .requiredOption('--base <ref>', 'base revision: a branch, tag, SHA or HEAD~N')
    .option('--head <ref>', 'head revision; HEAD is the last commit (uncommitted changes are left out)', 'HEAD');
  addFormatFlags(addDiffOptions(command)).action(async (folder: string, flags: DiffFlags & { format: OutputFormat; output?: string }) => {
    const { run, gates } = await runDiff(folder, { base: flags.base ?? '', head: flags.head ?? 'HEAD' }, flags);
    const report =
      flags.format === 'json'
        ? renderDiffJson(run.delta, { gates })
        : flags.format === 'markdown'
          ? renderDiffMarkdown(run.delta, { gates, toolVersion: readToolVersion() })
          : renderDiffText(run.delta, { gates, color: flags.output === undefined && shouldUseColor(process.stdout) });
    if (flags.output !== undefined) await writeFileAtomic(flags.output, report);
    else await writeStdout(report);
    if (gates.some((gate) => !gate.passed)) process.exitCode = 1;
  });
}

function parseNonNegativeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError('expected a number >= 0.');
  return number;
}

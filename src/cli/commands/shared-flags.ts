import { Option, type Command } from 'commander';
import { ConfigError } from '../../errors.js';
import type { OptionFlags } from '../../config/resolve-options.js';

/** Flags every analysing command shares, declared once so they read the same everywhere. */
export function addAnalysisFlags(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config file (default: gonogo.config.json at the repository root)')
    .option('--include <glob...>', 'only analyse files matching these globs (relative to the repository)')
    .option('--exclude <glob...>', 'skip files matching these globs')
    .option('--max-file-size <kb>', 'skip source files larger than this many KB (default 1024)')
    .option('--workers <n>', 'parser threads (default: one per core; 0 parses on the main thread)')
    .option('--no-review', 'ignore gonogo.review.json decisions')
    .option('--no-type-aware', 'resolve calls from the parsed facts alone, without the TypeScript checker')
    .option('-q, --quiet', 'no progress display');
}

export function addFormatFlags(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'markdown']).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout');
}

interface RawFlags {
  config?: string;
  include?: string[];
  exclude?: string[];
  maxFileSize?: string;
  workers?: string;
  review?: boolean;
  typeAware?: boolean;
}

export function readOptionFlags(raw: RawFlags): OptionFlags {
  const flags: OptionFlags = {};
  if (raw.config !== undefined) flags.config = raw.config;
  if (raw.include !== undefined) flags.include = raw.include;
  if (raw.exclude !== undefined) flags.exclude = raw.exclude;
  if (raw.maxFileSize !== undefined) flags.maxFileSizeKb = parseWholeNumber(raw.maxFileSize, '--max-file-size', 1);
  if (raw.workers !== undefined) flags.workers = parseWholeNumber(raw.workers, '--workers', 0);
  if (raw.review === false) flags.noReview = true;
  if (raw.typeAware === false) flags.noTypeAware = true;
  return flags;
}

export function parseWholeNumber(text: string, flag: string, minimum: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < minimum) {
    throw new ConfigError(`${flag} takes a whole number${minimum > 0 ? ` from ${minimum}` : ''} (got "${text}")`);
  }
  return value;
}

#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { GonogoError } from '../errors.js';
import { readToolVersion } from './version.js';
import { registerAnalyzeCommand } from './commands/analyze.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerCommentCommand } from './commands/comment.js';
import { registerReviewCommand } from './commands/review.js';

/** Exit codes: 0 success, 1 a gate failed, 2 bad usage or input. */
export const EXIT_OK = 0;
export const EXIT_GATE_FAILED = 1;
export const EXIT_USAGE = 2;

function buildProgram(): Command {
  const program = new Command();
  program
    .name('gonogo')
    .description('Should this Node.js or Python backend, or which parts of it, be rewritten in Go, and what will that cost?')
    .version(readToolVersion())
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run gonogo --help for usage)')
    .exitOverride();
  // Commands register themselves in a fixed order, so help output is stable.
  registerAnalyzeCommand(program);
  registerExplainCommand(program);
  registerDiffCommand(program);
  registerCommentCommand(program);
  registerReviewCommand(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    return reportError(error, argv.includes('--debug'));
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are successful exits.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
    return EXIT_USAGE;
  }
  if (error instanceof GonogoError) {
    process.stderr.write(`gonogo: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`gonogo: internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('gonogo: run again with --debug for the stack trace, and please report it.\n');
  return EXIT_USAGE;
}

const code = await main(process.argv);
process.exitCode = code;

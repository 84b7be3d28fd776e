import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommentBehavior } from '../../config/types.js';
import type { AnalyzeFunction } from '../../diff/diff-revisions.js';
import { findMergeBase, locateGitCheckout, resolveCommit } from '../../diff/materialize-revision.js';
import { ConfigError, GitHubApiError } from '../../errors.js';
import { describeStickyRequests } from '../../github/describe-dry-run.js';
import { createGitHubClient, DEFAULT_API_URL, type FetchFunction, type IssueRef } from '../../github/github-client.js';
import { describeCommentPermissionProblem } from '../../github/permission-hint.js';
import { readPullRequestEvent } from '../../github/pull-request-event.js';
import { redactSecret } from '../../github/redact.js';
import { deriveWebUrl, parseRepositorySlug } from '../../github/repository.js';
import { STICKY_MARKER, syncStickyComment } from '../../github/sticky-comment.js';
import { renderDiffMarkdown } from '../../reporters/diff-markdown.js';
import { writeStdout } from '../io.js';
import { readToolVersion } from '../version.js';
import { addDiffOptions, runDiff, type DiffFlags } from './diff.js';

/** The GitHub Actions variables the bot reads; the command passes them in, nothing below reads process.env. */
export interface CommentEnvironment {
  GITHUB_TOKEN?: string | undefined;
  GITHUB_REPOSITORY?: string | undefined;
  GITHUB_EVENT_PATH?: string | undefined;
  GITHUB_API_URL?: string | undefined;
  GITHUB_STEP_SUMMARY?: string | undefined;
}

export interface CommentFlags extends DiffFlags {
  repo?: string;
  pr?: number;
  apiUrl?: string;
  behavior?: CommentBehavior;
  dryRun?: boolean;
}

/** Where output goes and what talks to the network; tests pass their own. */
export interface CommentIo {
  stdout(text: string): Promise<void> | void;
  stderr(text: string): void;
  fetch?: FetchFunction;
  sleep?: (milliseconds: number) => Promise<void>;
  analyze?: AnalyzeFunction;
}

/**
 * The pull-request bot: diff the pull request, write the job summary, post or update the sticky
 * comment, and return the exit code the gates decide (0 or 1). A 403 or 404 from GitHub (a fork's
 * read-only token) is reported with how to fix it but does not change the exit code.
 */
export async function runComment(folder: string, flags: CommentFlags, env: CommentEnvironment, io: CommentIo): Promise<number> {
  const token = nonEmpty(env.GITHUB_TOKEN);
  const apiUrl = nonEmpty(flags.apiUrl) ?? nonEmpty(env.GITHUB_API_URL) ?? DEFAULT_API_URL;
  validateApiUrl(apiUrl);
  const eventPath = nonEmpty(env.GITHUB_EVENT_PATH);
  const event = eventPath ? await readPullRequestEvent(eventPath) : null;
  const slug = nonEmpty(flags.repo) ?? nonEmpty(env.GITHUB_REPOSITORY) ?? event?.repository ?? null;
  const repository = slug ? parseRepositorySlug(slug) : null;
  const prNumber = flags.pr ?? event?.number ?? null;
  const willPost = !flags.dryRun && prNumber !== null;
  if (willPost && token === null) {
    throw new ConfigError('GITHUB_TOKEN is not set: pass it to the step as env (see docs/ci-bot.md), or use --dry-run');
  }
  if (willPost && repository === null) {
    throw new ConfigError('no repository to comment on: set GITHUB_REPOSITORY or pass --repo OWNER/NAME');
  }

  const head = nonEmpty(flags.head) ?? event?.headSha ?? 'HEAD';
  const base = nonEmpty(flags.base) ?? (event ? await pickEventBase(folder, event.baseSha, head, io) : null);
  if (base === null) {
    throw new ConfigError('no base revision: pass --base REF, or run on a pull_request or pull_request_target event');
  }

  const { run, gates, config } = await runDiff(folder, { base, head }, flags, io.analyze);
  const markdown = renderDiffMarkdown(run.delta, {
    gates,
    marker: STICKY_MARKER,
    toolVersion: readToolVersion(),
    ...(repository
      ? { links: { webUrl: deriveWebUrl(apiUrl), repository: `${repository.owner}/${repository.repo}`, pathPrefix: run.checkout.prefix } }
      : {}),
  });

  const summaryPath = nonEmpty(env.GITHUB_STEP_SUMMARY);
  let summaryWritten = false;
  if (summaryPath) {
    try {
      // Appended, as GitHub expects: other steps of the job may have written their own sections.
      await fs.appendFile(summaryPath, `${markdown}\n`);
      summaryWritten = true;
    } catch (error) {
      io.stderr(`gonogo: warning: cannot write the job summary ${summaryPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    }
  }

  const behavior = flags.behavior ?? config.comment?.behavior ?? 'update';
  if (prNumber === null) {
    io.stderr('gonogo: no pull request (not a pull_request event and no --pr): no comment posted.\n');
    if (flags.dryRun) await io.stdout(markdown);
  } else if (flags.dryRun) {
    const issue: IssueRef = repository ? { ...repository, number: prNumber } : { owner: 'OWNER', repo: 'REPO', number: prNumber };
    await io.stdout(describeStickyRequests(apiUrl, issue, behavior, markdown));
  } else {
    await postComment({ apiUrl, token: token!, issue: { ...repository!, number: prNumber }, behavior, markdown, summaryWritten }, io);
  }

  const failed = gates.filter((gate) => !gate.passed);
  for (const gate of failed) io.stderr(`gonogo: gate failed: ${gate.id}: ${gate.reason}\n`);
  return failed.length > 0 ? 1 : 0;
}

async function postComment(
  request: { apiUrl: string; token: string; issue: IssueRef; behavior: CommentBehavior; markdown: string; summaryWritten: boolean },
  io: CommentIo,
): Promise<void> {
  const client = createGitHubClient({
    apiUrl: request.apiUrl,
    token: request.token,
    userAgent: `gonogo/${readToolVersion()}`,
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(io.sleep ? { sleep: io.sleep } : {}),
  });
  try {
    const outcome = await syncStickyComment(client, request.issue, request.markdown, request.behavior);
    const where = outcome.commentUrl ?? `comment ${outcome.commentId}`;
    const deleted = outcome.deleted > 0 ? ` (deleted ${outcome.deleted} older)` : '';
    const verb = outcome.result === 'unchanged' ? 'comment unchanged, nothing sent' : `comment ${outcome.result}`;
    io.stderr(`gonogo: ${verb}${deleted}: ${where}\n`);
  } catch (error) {
    if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404)) {
      io.stderr(`gonogo: warning: ${redactSecret(error.message, request.token)}\n`);
      for (const line of describeCommentPermissionProblem(error.status, request.summaryWritten)) io.stderr(`gonogo: ${line}\n`);
      return;
    }
    throw error;
  }
}

/**
 * GitHub's "Files changed" compares the head with the merge base, not with the base branch's tip,
 * which may have moved on since the branch was cut; the delta should show only this PR's change.
 */
async function pickEventBase(folder: string, baseSha: string, head: string, io: CommentIo): Promise<string> {
  const checkout = await locateGitCheckout(path.resolve(folder));
  const headSha = await resolveCommit(checkout, head);
  const baseCommit = await resolveCommit(checkout, baseSha);
  const mergeBase = await findMergeBase(checkout, baseCommit, headSha);
  if (mergeBase === null) {
    io.stderr(`gonogo: warning: no merge base between ${baseSha.slice(0, 12)} and ${headSha.slice(0, 12)}; comparing with the base tip (fetch-depth: 0 fixes this)\n`);
    return baseCommit;
  }
  return mergeBase;
}

function validateApiUrl(apiUrl: string): void {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new ConfigError(`API URL "${apiUrl}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`API URL "${apiUrl}" must be http(s)`);
}

function nonEmpty(value: string | undefined | null): string | null {
  return value !== undefined && value !== null && value.trim() !== '' ? value : null;
}

export function registerCommentCommand(program: Command): void {
  const command = program
    .command('comment')
    .summary('the pull-request bot: post how the change moves the Go estimate as one sticky comment')
    .description(
      'For GitHub Actions. Reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH (pull request number, base and ' +
        'head SHAs), GITHUB_API_URL and GITHUB_STEP_SUMMARY; flags override each (the token comes only from the ' +
        'environment). Diffs the merge base with the head, appends the report to the job summary, and keeps one ' +
        'comment on the pull request up to date. Exit code 1 when a gate fails; a 403/404 from GitHub (fork pull ' +
        'requests) only prints how to grant the permission. See docs/ci-bot.md.',
    )
    .argument('[path]', 'folder to analyse, inside a git work tree', '.')
    .option('--repo <owner/name>', 'repository to comment on (default: GITHUB_REPOSITORY)')
    .option('--pr <number>', 'pull request number (default: from the event)', parsePullRequestNumber)
    .option('--base <ref>', 'base revision (default: merge base of the event\'s base and head SHAs)')
    .option('--head <ref>', 'head revision (default: the event\'s head SHA, else HEAD)')
    .option('--api-url <url>', `REST API root (default: GITHUB_API_URL, else ${DEFAULT_API_URL})`)
    .addOption(
      new Option('--behavior <behavior>', 'update the comment, add a new one each run, or delete old ones and add one (default: config comment.behavior, else update)').choices([
        'update',
        'new',
        'delete-and-new',
      ]),
    )
    .option('--dry-run', 'print the requests and the comment without calling the API');
  addDiffOptions(command).action(async (folder: string, flags: CommentFlags) => {
    const env: CommentEnvironment = {
      GITHUB_TOKEN: process.env.GITHUB_TOKEN,
      GITHUB_REPOSITORY: process.env.GITHUB_REPOSITORY,
      GITHUB_EVENT_PATH: process.env.GITHUB_EVENT_PATH,
      GITHUB_API_URL: process.env.GITHUB_API_URL,
      GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY,
    };
    const code = await runComment(folder, flags, env, {
      stdout: (text) => writeStdout(text.endsWith('\n') ? text : `${text}\n`),
      stderr: (text) => process.stderr.write(redactSecret(text, env.GITHUB_TOKEN)),
    });
    if (code !== 0) process.exitCode = code;
  });
}

function parsePullRequestNumber(value: string): number {
  if (!/^[1-9]\d*$/.test(value.trim())) throw new InvalidArgumentError('expected a pull request number.');
  return Number(value);
}

import { promises as fs } from 'node:fs';
import { ConfigError, InputFileError } from '../errors.js';

/** What the bot needs from the event that started the workflow. */
export interface PullRequestEvent {
  number: number;
  baseSha: string;
  headSha: string;
  /** `owner/name` of the base repository (where the comment goes). */
  repository: string | null;
}

/**
 * Reads GITHUB_EVENT_PATH's JSON. Returns null for events without a pull request (push,
 * workflow_dispatch), which the caller reports; `pull_request` and `pull_request_target` both carry it.
 */
export async function readPullRequestEvent(eventPath: string): Promise<PullRequestEvent | null> {
  let text: string;
  try {
    text = await fs.readFile(eventPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputFileError(`cannot read the GitHub event file ${eventPath}: ${code}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(`the GitHub event file ${eventPath} is not valid JSON`, { cause: error });
  }
  return parsePullRequestEvent(parsed);
}

export function parsePullRequestEvent(event: unknown): PullRequestEvent | null {
  const pullRequest = (event as { pull_request?: unknown } | null)?.pull_request as
    | { number?: unknown; base?: { sha?: unknown; repo?: { full_name?: unknown } }; head?: { sha?: unknown } }
    | undefined;
  if (!pullRequest || typeof pullRequest !== 'object') return null;
  const number = pullRequest.number;
  const baseSha = pullRequest.base?.sha;
  const headSha = pullRequest.head?.sha;
  if (typeof number !== 'number' || typeof baseSha !== 'string' || typeof headSha !== 'string') {
    throw new ConfigError('the pull_request in the GitHub event has no number, base.sha or head.sha');
  }
  const repository = pullRequest.base?.repo?.full_name;
  return { number, baseSha, headSha, repository: typeof repository === 'string' ? repository : null };
}

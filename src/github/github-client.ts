import { GitHubApiError } from '../errors.js';
import { redactSecret } from './redact.js';

export const DEFAULT_API_URL = 'https://api.github.com';
export const GITHUB_API_VERSION = '2022-11-28';

export interface IssueComment {
  id: number;
  body: string;
  htmlUrl: string | null;
  /** Login of the author, when GitHub says. */
  author: string | null;
}

export interface IssueRef {
  owner: string;
  repo: string;
  /** Pull requests are issues for the comments API. */
  number: number;
}

export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

export interface GitHubClientOptions {
  /** REST root: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  userAgent: string;
  /** Node's global fetch unless a test passes its own. */
  fetch?: FetchFunction;
  /** Injectable so tests of the backoff do not wait. */
  sleep?: (milliseconds: number) => Promise<void>;
  now?: () => number;
  /** Tries per request, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff delay; doubles on each retry (default 1 s). */
  baseDelayMs?: number;
  /** No single wait is longer than this, whatever retry-after says (default 60 s). */
  maxDelayMs?: number;
}

export interface GitHubClient {
  readonly apiUrl: string;
  listIssueComments(issue: IssueRef): Promise<IssueComment[]>;
  createIssueComment(issue: IssueRef, body: string): Promise<IssueComment>;
  updateIssueComment(issue: Omit<IssueRef, 'number'>, commentId: number, body: string): Promise<IssueComment>;
  deleteIssueComment(issue: Omit<IssueRef, 'number'>, commentId: number): Promise<void>;
}

/** Bounds the pages read when listing comments: 100 pages of 100 is more than any real pull request holds. */
const MAX_PAGES = 100;

/**
 * A small client for the issue-comments REST routes the bot needs. It retries server errors and
 * rate limits with exponential backoff, sends the token only in the Authorization header and only
 * to the API's own origin, and keeps it out of every error message.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const apiOrigin = new URL(apiUrl).origin;
  const doFetch = options.fetch ?? ((url, init) => fetch(url, init));
  const sleep = options.sleep ?? ((milliseconds) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
  const now = options.now ?? Date.now;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const redact = (text: string): string => redactSecret(text, options.token);

  async function request(method: string, url: string, body?: unknown): Promise<Response> {
    if (new URL(url).origin !== apiOrigin) {
      throw new GitHubApiError(`refusing to send the token to ${new URL(url).origin}, which is not the API at ${apiOrigin}`, 0);
    }
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${options.token}`,
      'User-Agent': options.userAgent,
      'X-GitHub-Api-Version': GITHUB_API_VERSION,
    };
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      init.body = JSON.stringify(body);
    }
    const where = `${method} ${url}`;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await doFetch(url, init);
      } catch (error) {
        const reason = error instanceof Error ? describeNetworkError(error) : String(error);
        if (attempt < maxAttempts) {
          await sleep(backoff(attempt));
          continue;
        }
        throw new GitHubApiError(redact(`${where} failed after ${attempt} attempts: ${reason}`), 0);
      }
      if (response.ok) return response;
      const retryDelay = retryDelayFor(response, attempt);
      if (retryDelay !== null && attempt < maxAttempts) {
        await response.body?.cancel().catch(() => undefined);
        await sleep(retryDelay);
        continue;
      }
      const message = await readErrorMessage(response);
      const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
      throw new GitHubApiError(redact(`${where} failed${tries}: ${response.status} ${message}`), response.status);
    }
  }

  function backoff(attempt: number): number {
    return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  }

  /** null when the response is not worth retrying. */
  function retryDelayFor(response: Response, attempt: number): number | null {
    const retryAfter = response.headers.get('retry-after');
    const remaining = response.headers.get('x-ratelimit-remaining');
    const isRateLimit = response.status === 429 || (response.status === 403 && (retryAfter !== null || remaining === '0'));
    if (!isRateLimit && response.status < 500) return null;
    if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) {
      return Math.min(maxDelayMs, Math.max(Number(retryAfter.trim()) * 1000, backoff(attempt)));
    }
    const reset = response.headers.get('x-ratelimit-reset');
    if (remaining === '0' && reset !== null && /^\d+$/.test(reset.trim())) {
      return Math.min(maxDelayMs, Math.max(Number(reset.trim()) * 1000 - now(), backoff(attempt)));
    }
    return backoff(attempt);
  }

  async function readJson<T>(response: Response, where: string): Promise<T> {
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new GitHubApiError(redact(`${where}: the response is not JSON (${error instanceof Error ? error.message : String(error)})`), response.status);
    }
  }

  return {
    apiUrl,
    async listIssueComments(issue) {
      const comments: IssueComment[] = [];
      let url: string | null = `${buildIssueCommentsUrl(apiUrl, issue)}?per_page=100`;
      for (let page = 0; url !== null; page += 1) {
        if (page === MAX_PAGES) {
          throw new GitHubApiError(`more than ${MAX_PAGES * 100} comments on #${issue.number}; stopped paging`, 0);
        }
        const response = await request('GET', url);
        const items = await readJson<unknown>(response, `GET ${url}`);
        if (!Array.isArray(items)) throw new GitHubApiError(`GET ${url}: expected a list of comments`, response.status);
        comments.push(...items.map(toIssueComment));
        url = findNextLink(response.headers.get('link'));
      }
      return comments;
    },
    async createIssueComment(issue, body) {
      const url = buildIssueCommentsUrl(apiUrl, issue);
      const response = await request('POST', url, { body });
      return toIssueComment(await readJson<unknown>(response, `POST ${url}`));
    },
    async updateIssueComment(issue, commentId, body) {
      const url = buildIssueCommentUrl(apiUrl, issue, commentId);
      const response = await request('PATCH', url, { body });
      return toIssueComment(await readJson<unknown>(response, `PATCH ${url}`));
    },
    async deleteIssueComment(issue, commentId) {
      const url = buildIssueCommentUrl(apiUrl, issue, commentId);
      const response = await request('DELETE', url);
      await response.body?.cancel().catch(() => undefined);
    },
  };
}

function buildRepositoryUrl(apiUrl: string, issue: Omit<IssueRef, 'number'>): string {
  return `${apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(issue.owner)}/${encodeURIComponent(issue.repo)}`;
}

/** The list and create route of a pull request's comments. */
export function buildIssueCommentsUrl(apiUrl: string, issue: IssueRef): string {
  return `${buildRepositoryUrl(apiUrl, issue)}/issues/${issue.number}/comments`;
}

/** The update and delete route of one comment; `commentId` may be a placeholder for a dry run. */
export function buildIssueCommentUrl(apiUrl: string, issue: Omit<IssueRef, 'number'>, commentId: number | string): string {
  return `${buildRepositoryUrl(apiUrl, issue)}/issues/comments/${commentId}`;
}

function toIssueComment(raw: unknown): IssueComment {
  const item = (raw ?? {}) as { id?: unknown; body?: unknown; html_url?: unknown; user?: { login?: unknown } | null };
  if (typeof item.id !== 'number') throw new GitHubApiError('a comment in the response has no numeric id', 0);
  return {
    id: item.id,
    body: typeof item.body === 'string' ? item.body : '',
    htmlUrl: typeof item.html_url === 'string' ? item.html_url : null,
    author: typeof item.user?.login === 'string' ? item.user.login : null,
  };
}

/** The `rel="next"` target of an RFC 8288 Link header, as GitHub sends for paginated lists. */
export function findNextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (match && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/.test(match[2]!)) return match[1]!;
  }
  return null;
}

async function readErrorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { message?: unknown; documentation_url?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: fall through to the raw text (a proxy's HTML page, say), shortened.
  }
  return (text.trim().split('\n')[0] ?? '').slice(0, 200) || response.statusText;
}

function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return `${error.message}${detail}`;
}

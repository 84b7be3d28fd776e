import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApiError } from '../../src/errors.js';
import { createGitHubClient, findNextLink, type GitHubClientOptions } from '../../src/github/github-client.js';
import { planStickyComment, STICKY_MARKER, syncStickyComment } from '../../src/github/sticky-comment.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github-server.js';

const TOKEN = 'ghs_test_TOKEN_0123456789abcdef';
const ISSUE = { owner: 'acme', repo: 'shop', number: 7 };
const LIST = '/api/v3/repos/acme/shop/issues/7/comments?per_page=100';

let github: FakeGitHub;
let sleeps: number[];

function client(overrides: Partial<GitHubClientOptions> = {}) {
  return createGitHubClient({
    apiUrl: github.apiUrl,
    token: TOKEN,
    userAgent: 'gonogo/0.1.0',
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
    },
    ...overrides,
  });
}

const summary = (github: FakeGitHub) => github.requests.map((request) => `${request.method} ${request.url}`);

beforeEach(async () => {
  github = await startFakeGitHub({ prefix: '/api/v3' });
  sleeps = [];
});
afterEach(async () => {
  await github.close();
});

describe('sticky comment against a loopback GitHub', () => {
  it('creates the comment with the marker, sending exactly these requests and headers', async () => {
    github.addComment(7, 'LGTM');
    const outcome = await syncStickyComment(client(), ISSUE, `${STICKY_MARKER}\nreport v1\n`, 'update');
    expect(summary(github)).toEqual([`GET ${LIST}`, 'POST /api/v3/repos/acme/shop/issues/7/comments']);
    const [list, create] = github.requests;
    expect(list!.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${TOKEN}`,
      'user-agent': 'gonogo/0.1.0',
      'x-github-api-version': '2022-11-28',
    });
    expect(list!.headers['content-type']).toBeUndefined();
    expect(list!.body).toBe('');
    expect(create!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(create!.body)).toEqual({ body: `${STICKY_MARKER}\nreport v1\n` });
    expect(outcome).toEqual({
      result: 'created',
      commentId: 1001,
      commentUrl: 'https://github.com/acme/shop/pull/7#issuecomment-1001',
      deleted: 0,
      actions: [{ type: 'create' }],
    });
    // The token travels in the Authorization header only: never in a URL or a body.
    for (const request of github.requests) {
      expect(request.url).not.toContain(TOKEN);
      expect(request.body).not.toContain(TOKEN);
    }
  });

  it('updates the newest marked comment in place and skips the call when the body is unchanged', async () => {
    github.addComment(7, `${STICKY_MARKER}\nold report`, 'github-actions[bot]');
    github.addComment(7, 'a human comment');
    const newest = github.addComment(7, `${STICKY_MARKER}\nreport v1`, 'github-actions[bot]');
    const first = await syncStickyComment(client(), ISSUE, `${STICKY_MARKER}\nreport v2`, 'update');
    expect(first.result).toBe('updated');
    expect(summary(github)).toEqual([`GET ${LIST}`, `PATCH /api/v3/repos/acme/shop/issues/comments/${newest.id}`]);
    expect(JSON.parse(github.requests[1]!.body)).toEqual({ body: `${STICKY_MARKER}\nreport v2` });
    expect(github.comments.find((comment) => comment.id === newest.id)!.body).toBe(`${STICKY_MARKER}\nreport v2`);

    github.requests.length = 0;
    const second = await syncStickyComment(client(), ISSUE, `${STICKY_MARKER}\nreport v2\n`, 'update');
    expect(second).toMatchObject({ result: 'unchanged', commentId: newest.id, actions: [{ type: 'keep', commentId: newest.id }] });
    expect(summary(github)).toEqual([`GET ${LIST}`]);
  });

  it('follows Link pagination to find the comment on a later page', async () => {
    for (let index = 0; index < 230; index += 1) github.addComment(7, `comment ${index}`);
    const sticky = github.addComment(7, `${STICKY_MARKER}\nreport v1`);
    await syncStickyComment(client(), ISSUE, `${STICKY_MARKER}\nreport v2`, 'update');
    expect(summary(github)).toEqual([
      `GET ${LIST}`,
      'GET /api/v3/repos/acme/shop/issues/7/comments?per_page=100&page=2',
      'GET /api/v3/repos/acme/shop/issues/7/comments?per_page=100&page=3',
      `PATCH /api/v3/repos/acme/shop/issues/comments/${sticky.id}`,
    ]);
    expect(github.requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('adds a comment per run with "new", and replaces all marked ones with "delete-and-new"', async () => {
    const old1 = github.addComment(7, `${STICKY_MARKER}\nv1`);
    const old2 = github.addComment(7, `${STICKY_MARKER}\nv2`);
    await syncStickyComment(client(), ISSUE, `${STICKY_MARKER}\nv3`, 'new');
    expect(summary(github)).toEqual([`GET ${LIST}`, 'POST /api/v3/repos/acme/shop/issues/7/comments']);

    github.requests.length = 0;
    const outcome = await syncStickyComment(client(), ISSUE, `${STICKY_MARKER}\nv4`, 'delete-and-new');
    expect(summary(github)).toEqual([
      `GET ${LIST}`,
      `DELETE /api/v3/repos/acme/shop/issues/comments/${old1.id}`,
      `DELETE /api/v3/repos/acme/shop/issues/comments/${old2.id}`,
      'DELETE /api/v3/repos/acme/shop/issues/comments/1002',
      'POST /api/v3/repos/acme/shop/issues/7/comments',
    ]);
    expect(outcome).toMatchObject({ result: 'created', deleted: 3 });
    expect(github.comments.map((comment) => comment.body)).toEqual([`${STICKY_MARKER}\nv4`]);
  });

  it('adds the marker when the body lacks it', async () => {
    await syncStickyComment(client(), ISSUE, 'plain report', 'update');
    expect(JSON.parse(github.requests[1]!.body)).toEqual({ body: `${STICKY_MARKER}\nplain report` });
  });
});

describe('retries', () => {
  it('retries 5xx with exponential backoff, then succeeds', async () => {
    github.failNext({ method: 'GET', status: 502, times: 2 });
    await syncStickyComment(client(), ISSUE, 'report', 'update');
    expect(summary(github)).toEqual([`GET ${LIST}`, `GET ${LIST}`, `GET ${LIST}`, 'POST /api/v3/repos/acme/shop/issues/7/comments']);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('waits as long as retry-after says on 429, and until the reset on an exhausted 403 rate limit', async () => {
    github.failNext({ method: 'GET', status: 429, headers: { 'retry-after': '3' } });
    github.failNext({ method: 'GET', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000010' } });
    await client({ now: () => 1_700_000_000_000 }).listIssueComments(ISSUE);
    expect(sleeps).toEqual([3000, 10_000]);
    expect(summary(github)).toEqual([`GET ${LIST}`, `GET ${LIST}`, `GET ${LIST}`]);
  });

  it('caps a long rate-limit wait and gives up after the bounded attempts', async () => {
    github.failNext({ method: 'POST', status: 503, times: 10 });
    github.failNext({ method: 'GET', status: 429, headers: { 'retry-after': '3600' } });
    const error = await client({ maxAttempts: 3, maxDelayMs: 5000 })
      .listIssueComments(ISSUE)
      .then(() => client({ maxAttempts: 3, maxDelayMs: 5000 }).createIssueComment(ISSUE, 'x'))
      .catch((caught: unknown) => caught);
    expect(sleeps).toEqual([5000, 1000, 2000]);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(503);
    expect((error as Error).message).toBe(
      `POST ${github.apiUrl}/repos/acme/shop/issues/7/comments failed after 3 attempts: 503 Service Unavailable`,
    );
  });

  it('does not retry a permission 403 or a 404', async () => {
    github.failNext({ method: 'POST', status: 403, body: JSON.stringify({ message: 'Resource not accessible by integration' }) });
    const error = await syncStickyComment(client(), ISSUE, 'report', 'update').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(403);
    expect((error as Error).message).toBe(
      `POST ${github.apiUrl}/repos/acme/shop/issues/7/comments failed: 403 Resource not accessible by integration`,
    );
    expect(sleeps).toEqual([]);
    expect(summary(github)).toEqual([`GET ${LIST}`, 'POST /api/v3/repos/acme/shop/issues/7/comments']);
  });

  it('retries network failures and reports them without the token', async () => {
    const apiUrl = github.apiUrl;
    await github.close();
    const error = await client({ apiUrl }).listIssueComments(ISSUE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/repos\/acme\/shop\/issues\/7\/comments\?per_page=100 failed after 4 attempts: fetch failed/);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    github = await startFakeGitHub();
  });
});

describe('the token', () => {
  it('is redacted when the server echoes it back in an error', async () => {
    github.failNext({ method: 'GET', status: 401, body: JSON.stringify({ message: `Bad credentials: ${TOKEN}` }) });
    const error = await client().listIssueComments(ISSUE).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(`GET ${github.apiUrl}/repos/acme/shop/issues/7/comments?per_page=100 failed: 401 Bad credentials: ***`);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String((error as Error).stack)).not.toContain(TOKEN);
  });

  it('is never sent to another origin named by a Link header', async () => {
    const elsewhere = await startFakeGitHub();
    try {
      const fetchWithForeignLink = async (url: string, init: RequestInit): Promise<Response> => {
        const response = await fetch(url, init);
        return new Response(await response.text(), {
          status: response.status,
          headers: { 'content-type': 'application/json', link: `<${elsewhere.origin}/steal?page=2>; rel="next"` },
        });
      };
      const error = await client({ fetch: fetchWithForeignLink }).listIssueComments(ISSUE).catch((caught: unknown) => caught);
      expect((error as Error).message).toBe(`refusing to send the token to ${elsewhere.origin}, which is not the API at ${github.origin}`);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('planStickyComment', () => {
  const comment = (id: number, body: string) => ({ id, body, htmlUrl: null, author: null });
  it('picks the newest marked comment by id, whatever the listing order', () => {
    const existing = [comment(9, `${STICKY_MARKER}\nb`), comment(3, `${STICKY_MARKER}\na`), comment(12, 'unrelated')];
    expect(planStickyComment(existing, `${STICKY_MARKER}\nc`, 'update')).toEqual([{ type: 'update', commentId: 9 }]);
    expect(planStickyComment(existing, `${STICKY_MARKER}\r\nb\r\n`, 'update')).toEqual([{ type: 'keep', commentId: 9 }]);
    expect(planStickyComment(existing, `${STICKY_MARKER}\nb`, 'delete-and-new')).toEqual([
      { type: 'delete', commentId: 3 },
      { type: 'keep', commentId: 9 },
    ]);
    expect(planStickyComment([], 'x', 'delete-and-new')).toEqual([{ type: 'create' }]);
  });
  it('reads the next page from a Link header', () => {
    expect(findNextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toBe(
      'https://api.github.com/x?page=2',
    );
    expect(findNextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeNull();
    expect(findNextLink(null)).toBeNull();
  });
});

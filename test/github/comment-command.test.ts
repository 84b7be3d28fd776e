import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kind } from '../../src/classification/types.js';
import { runComment, type CommentEnvironment, type CommentFlags, type CommentIo } from '../../src/cli/commands/comment.js';
import type { AnalyzeFunction } from '../../src/diff/diff-revisions.js';
import { ConfigError, GitHubApiError } from '../../src/errors.js';
import { createTestRepo, type TestRepo } from '../diff/git-repo.js';
import { makeResult, NO_STATS } from '../diff/make-result.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github-server.js';

/**
 * `gonogo comment` end to end except the analysis: real git history, a real HTTP server on loopback,
 * and an analysis that reads routes.txt (the real pipeline is exercised by test/diff/diff-pipeline).
 */
const TOKEN = 'ghs_secret_TOKEN_9876543210';

const analyzeRoutes: AnalyzeFunction = async (options) => {
  const file = path.join(options.root, 'routes.txt');
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
  const result = makeResult({
    likely: lines.length,
    endpoints: lines.map((line, index) => {
      const [method, routePath, kind] = line.split(' ');
      return { method: method!, path: routePath!, kind: kind as Kind, line: index + 1, file: 'routes.txt' };
    }),
  });
  return { result, stats: NO_STATS, withDecisions: () => result };
};

let repo: TestRepo;
let github: FakeGitHub;
let work: string;
let shas: { ancestor: string; mainTip: string; head: string };
let output: { stdout: string; stderr: string };

function io(): CommentIo {
  return {
    stdout: (text) => {
      output.stdout += text;
    },
    stderr: (text) => {
      output.stderr += text;
    },
    analyze: analyzeRoutes,
    sleep: async () => undefined,
  };
}

function environment(overrides: Partial<CommentEnvironment> = {}): CommentEnvironment {
  const eventPath = path.join(work, 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({
      action: 'synchronize',
      pull_request: { number: 7, base: { sha: shas.mainTip, repo: { full_name: 'acme/shop' } }, head: { sha: shas.head } },
    }),
  );
  return {
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: github.apiUrl,
    GITHUB_STEP_SUMMARY: path.join(work, 'summary.md'),
    ...overrides,
  };
}

const requests = () => github.requests.map((request) => `${request.method} ${request.url}`);
const LIST = '/api/v3/repos/acme/shop/issues/7/comments?per_page=100';

beforeEach(async () => {
  output = { stdout: '', stderr: '' };
  work = mkdtempSync(path.join(os.tmpdir(), 'gonogo-comment-test-'));
  github = await startFakeGitHub({ prefix: '/api/v3' });
  repo = createTestRepo('shop');
  // main: ancestor -> mainTip; the pull request branches from ancestor and adds a CPU-bound route.
  repo.write({ 'routes.txt': 'GET /users io\n' });
  const ancestor = repo.commit('ancestor');
  repo.git('checkout', '--quiet', '-b', 'feature');
  repo.write({ 'routes.txt': 'GET /users io\nPOST /reports cpu\n' });
  const head = repo.commit('add reports');
  repo.git('checkout', '--quiet', 'main');
  repo.write({ 'routes.txt': 'GET /users io\nDELETE /users/:id io\n' });
  const mainTip = repo.commit('main moves on');
  // CI checks out the merge commit; the diff must not depend on what is checked out.
  repo.git('checkout', '--quiet', '--detach', head);
  shas = { ancestor, mainTip, head };
});

afterEach(async () => {
  await github.close();
  repo.cleanup();
  rmSync(work, { recursive: true, force: true });
  // Whatever happened in the test, the token was never printed.
  expect(output.stdout).not.toContain(TOKEN);
  expect(output.stderr).not.toContain(TOKEN);
});

describe('runComment', () => {
  it('diffs the merge base with the PR head, posts one sticky comment, writes the summary, and fails by the gates', async () => {
    writeFileSync(path.join(repo.root, 'gonogo.config.json'), JSON.stringify({ gates: { failOnNewCpuEndpoints: true } }));
    const code = await runComment(repo.root, {}, environment(), io());
    expect(code).toBe(1);
    expect(requests()).toEqual([`GET ${LIST}`, 'POST /api/v3/repos/acme/shop/issues/7/comments']);
    const body = (JSON.parse(github.requests[1]!.body) as { body: string }).body;
    expect(body.startsWith('<!-- gonogo:sticky -->\n')).toBe(true);
    // Compared with the merge base: DELETE /users/:id, added on main after the branch, is not in the delta.
    expect(body).toContain(`base \`${shas.ancestor.slice(0, 12)}\` → head \`${shas.head.slice(0, 12)}\`</sub>`);
    expect(body).toContain(`[routes.txt:2](${github.origin}/acme/shop/blob/${shas.head}/routes.txt#L2)`);
    expect(body).toContain('- ❌ `fail-on-new-cpu`: 1 endpoint became CPU-bound: POST /reports');
    expect(body).not.toContain('DELETE');
    expect(readFileSync(path.join(work, 'summary.md'), 'utf8')).toBe(`${body}\n`);
    expect(output.stderr).toBe(
      'gonogo: comment created: https://github.com/acme/shop/pull/7#issuecomment-1000\n' +
        'gonogo: gate failed: fail-on-new-cpu: 1 endpoint became CPU-bound: POST /reports\n',
    );
    expect(output.stdout).toBe('');

    // A re-run with nothing new reads the comments and sends nothing; the summary is appended again.
    github.requests.length = 0;
    output.stderr = '';
    expect(await runComment(repo.root, {}, environment(), io())).toBe(1);
    expect(requests()).toEqual([`GET ${LIST}`]);
    expect(output.stderr.split('\n')[0]).toBe('gonogo: comment unchanged, nothing sent: https://github.com/acme/shop/pull/7#issuecomment-1000');
    expect(readFileSync(path.join(work, 'summary.md'), 'utf8')).toBe(`${body}\n${body}\n`);
  });

  it('on 403 (a fork PR) keeps the summary, explains the permission and exits by the gates', async () => {
    github.failNext({ method: 'POST', status: 403, body: JSON.stringify({ message: 'Resource not accessible by integration' }) });
    const code = await runComment(repo.root, {}, environment(), io());
    expect(code).toBe(0);
    expect(readFileSync(path.join(work, 'summary.md'), 'utf8')).toContain('<summary>Endpoints: 1 added, 0 removed, 0 changed (1 became CPU-bound)</summary>');
    expect(output.stderr).toContain(
      `gonogo: warning: POST ${github.apiUrl}/repos/acme/shop/issues/7/comments failed: 403 Resource not accessible by integration\n`,
    );
    expect(output.stderr).toContain('gonogo:   - give the job "permissions: { contents: read, pull-requests: write }";\n');
    expect(output.stderr).toContain('pull_request_target');
    expect(requests()).toEqual([`GET ${LIST}`, 'POST /api/v3/repos/acme/shop/issues/7/comments']);

    output.stderr = '';
    github.failNext({ method: 'GET', status: 404 });
    const gated = await runComment(repo.root, { maxMonthsIncrease: 0.5 }, environment(), io());
    expect(gated).toBe(1);
    expect(output.stderr).toContain('gonogo: GitHub answered 404: the token cannot see this repository or pull request.\n');
    expect(output.stderr).toContain('gonogo: gate failed: max-months-increase: likely engineer-months changed by +1 (allowed: up to +0.5)\n');
  });

  it('--dry-run prints the requests and the body, sends nothing, and needs no token', async () => {
    const flags: CommentFlags = { dryRun: true, behavior: 'delete-and-new' };
    const code = await runComment(repo.root, flags, environment({ GITHUB_TOKEN: undefined, GITHUB_STEP_SUMMARY: undefined }), io());
    expect(code).toBe(0);
    expect(github.requests).toEqual([]);
    const lines = output.stdout.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      'gonogo comment --dry-run (behavior: delete-and-new): nothing was sent. The calls would be:',
      `GET ${github.apiUrl}/repos/acme/shop/issues/7/comments?per_page=100`,
      '    lists every page of comments to find the one marked <!-- gonogo:sticky -->',
      `DELETE ${github.apiUrl}/repos/acme/shop/issues/comments/{comment_id}`,
      '    for each marked comment (all but the newest when it already has this exact body)',
      `POST ${github.apiUrl}/repos/acme/shop/issues/7/comments`,
      '    unless the newest marked comment already has this exact body',
      'Headers: Accept: application/vnd.github+json; Authorization: Bearer ***; X-GitHub-Api-Version: 2022-11-28',
    ]);
    expect(lines[8]).toMatch(/^Body: \{"body": <the markdown below, \d+ characters>\}$/);
    expect(lines[10]).toBe('<!-- gonogo:sticky -->');
  });

  it('takes flags over the environment, and behavior from the config', async () => {
    writeFileSync(path.join(repo.root, 'gonogo.config.json'), JSON.stringify({ comment: { behavior: 'new' } }));
    github.addComment(12, '<!-- gonogo:sticky -->\nold');
    const env = environment({ GITHUB_EVENT_PATH: undefined, GITHUB_REPOSITORY: 'someone/else', GITHUB_API_URL: 'https://api.github.com' });
    const code = await runComment(repo.root, { repo: 'acme/shop', pr: 12, base: shas.mainTip, head: 'HEAD', apiUrl: github.apiUrl }, env, io());
    expect(code).toBe(0);
    expect(requests()).toEqual(['GET /api/v3/repos/acme/shop/issues/12/comments?per_page=100', 'POST /api/v3/repos/acme/shop/issues/12/comments']);
    // An explicit --base is used as given (no merge base): DELETE /users/:id shows as removed.
    expect(github.comments.at(-1)!.body).toContain('`DELETE /users/:id`');
  });

  it('says what is missing: token, repository, base', async () => {
    const noToken = await runComment(repo.root, {}, environment({ GITHUB_TOKEN: '' }), io()).catch((error: unknown) => error);
    expect(noToken).toBeInstanceOf(ConfigError);
    expect((noToken as Error).message).toBe('GITHUB_TOKEN is not set: pass it to the step as env (see docs/ci-bot.md), or use --dry-run');
    const noBase = await runComment(repo.root, {}, environment({ GITHUB_EVENT_PATH: undefined }), io()).catch((error: unknown) => error);
    expect((noBase as Error).message).toBe('no base revision: pass --base REF, or run on a pull_request or pull_request_target event');
    const badRepo = await runComment(repo.root, { repo: 'not a slug' }, environment(), io()).catch((error: unknown) => error);
    expect((badRepo as Error).message).toBe('repository "not a slug" is not of the form OWNER/NAME');
  });

  it('without a pull request still writes the summary and applies the gates', async () => {
    const env = environment({ GITHUB_EVENT_PATH: undefined });
    const code = await runComment(repo.root, { base: shas.ancestor, failOnNewCpu: true }, env, io());
    expect(code).toBe(1);
    expect(github.requests).toEqual([]);
    expect(output.stderr.split('\n')[0]).toBe('gonogo: no pull request (not a pull_request event and no --pr): no comment posted.');
    expect(readFileSync(path.join(work, 'summary.md'), 'utf8')).toContain('POST /reports');
  });

  it('fails with a redacted GitHubApiError when GitHub keeps failing', async () => {
    github.failNext({ method: 'GET', status: 500, times: 10, body: JSON.stringify({ message: `boom ${TOKEN}` }) });
    const error = await runComment(repo.root, {}, environment(), io()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toBe(`GET ${github.apiUrl}/repos/acme/shop/issues/7/comments?per_page=100 failed after 4 attempts: 500 boom ***`);
    expect(requests()).toEqual([`GET ${LIST}`, `GET ${LIST}`, `GET ${LIST}`, `GET ${LIST}`]);
  });
});

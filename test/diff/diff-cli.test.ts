import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createTestRepo, type TestRepo } from './git-repo.js';

/** `gonogo diff` and `gonogo comment --dry-run` as spawned processes: output, exit codes, messages. */
const PACKAGE = (deps: Record<string, string>) => `${JSON.stringify({ name: 'api', version: '1.0.0', dependencies: deps }, null, 2)}\n`;
const APP = (routes: string[]) =>
  ["import crypto from 'node:crypto';", "import express from 'express';", '', 'const app = express();', '', ...routes, '', 'app.listen(3000);', ''].join('\n');

let repo: TestRepo;
let work: string;

beforeAll(() => {
  repo = createTestRepo('api');
  work = mkdtempSync(path.join(os.tmpdir(), 'gonogo-diff-cli-'));
  repo.write({ 'package.json': PACKAGE({ express: '^4.19.2' }), 'src/app.js': APP(["app.get('/health', (req, res) => res.json({ ok: true }));"]) });
  repo.commit('base');
  repo.write({
    'package.json': PACKAGE({ express: '^4.19.2', 'left-pad-deluxe': '^1.0.0' }),
    'src/app.js': APP([
      "app.get('/health', (req, res) => res.json({ ok: true }));",
      "app.post('/hash', (req, res) => res.json({ key: crypto.scryptSync(req.body.password, 'salt', 64).toString('hex') }));",
    ]),
  });
  repo.commit('head');
});

afterAll(() => {
  repo.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('gonogo diff (spawned)', () => {
  it('prints the delta as JSON and exits 0 without gates', () => {
    const run = runCli(['diff', repo.root, '--base', 'HEAD~1', '--format', 'json', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const delta = JSON.parse(run.stdout) as {
      kind: string;
      repository: string;
      endpoints: { added: { method: string; path: string; file: string; line: number; kind: string }[] };
      dependencies: { name: string; fit: string }[];
      gates: unknown[];
    };
    expect(delta.kind).toBe('gonogo-diff');
    expect(delta.repository).toBe('api');
    expect(delta.endpoints.added.map((e) => [e.method, e.path, `${e.file}:${e.line}`, e.kind])).toEqual([['POST', '/hash', 'src/app.js:7', 'cpu']]);
    expect(delta.dependencies.map((d) => [d.name, d.fit])).toEqual([['left-pad-deluxe', 'unmapped']]);
    expect(delta.gates).toEqual([]);
  });

  it('exits 1 when a gate fails, saying which, and writes --output atomically', () => {
    const output = path.join(work, 'delta.md');
    const run = runCli(['diff', repo.root, '--base', 'HEAD~1', '--fail-on-new-cpu', '--fail-on-unmapped-deps', '--format', 'markdown', '--output', output, '--quiet']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const markdown = readFileSync(output, 'utf8');
    expect(markdown).toContain('❌ **2 of 2 gates failed**');
    expect(markdown).toContain('- ❌ `fail-on-new-cpu`: 1 endpoint became CPU-bound: POST /hash');
    expect(markdown).toContain('- ❌ `fail-on-unmapped-deps`: 1 new dependency without a known Go equivalent: left-pad-deluxe');
  });

  it('lets a flag turn off a gate the config sets', () => {
    writeFileSync(path.join(repo.root, 'gonogo.config.json'), JSON.stringify({ gates: { failOnNewCpuEndpoints: true } }));
    try {
      expect(runCli(['diff', repo.root, '--base', 'HEAD~1', '--quiet']).code).toBe(1);
      const off = runCli(['diff', repo.root, '--base', 'HEAD~1', '--no-fail-on-new-cpu', '--quiet']);
      expect(off.code).toBe(0);
      expect(off.stdout).not.toContain('Gates:');
      expect(off.stdout).toContain('Became CPU-bound (1)\n  POST /hash  (new, cpu)  src/app.js:7');
    } finally {
      rmSync(path.join(repo.root, 'gonogo.config.json'));
    }
  });

  it('exits 2 with one line for an unknown revision, a folder outside git, and a bad gate value', () => {
    const unknown = runCli(['diff', repo.root, '--base', 'nope', '--quiet']);
    expect([unknown.code, unknown.stderr]).toEqual([2, `gonogo: unknown revision "nope" in ${repo.root} (is it fetched? CI checkouts need fetch-depth: 0)\n`]);
    const outside = runCli(['diff', work, '--base', 'HEAD', '--quiet']);
    expect([outside.code, outside.stderr]).toEqual([2, `gonogo: ${work} is not inside a git work tree (gonogo diff compares two commits of one)\n`]);
    const badGate = runCli(['diff', repo.root, '--base', 'HEAD~1', '--max-months-increase', 'lots']);
    expect(badGate.code).toBe(2);
    expect(badGate.stderr.split('\n')[0]).toBe("error: option '--max-months-increase <n>' argument 'lots' is invalid. expected a number >= 0.");
  });
});

describe('gonogo comment --dry-run (spawned)', () => {
  it('prints the requests and the comment, never the token', () => {
    const token = 'ghp_spawned_SECRET_4242';
    const summary = path.join(work, 'summary.md');
    const run = runCli(['comment', repo.root, '--base', 'HEAD~1', '--pr', '5', '--dry-run', '--quiet'], {
      env: { GITHUB_TOKEN: token, GITHUB_REPOSITORY: 'acme/api', GITHUB_STEP_SUMMARY: summary, GITHUB_EVENT_PATH: '', GITHUB_API_URL: '' },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[1]).toBe('GET https://api.github.com/repos/acme/api/issues/5/comments?per_page=100');
    expect(run.stdout).toContain('Authorization: Bearer ***');
    expect(run.stdout).not.toContain(token);
    const head = repo.git('rev-parse', 'HEAD').trim();
    expect(run.stdout).toContain(`[src/app.js:7](https://github.com/acme/api/blob/${head}/src/app.js#L7)`);
    // The job summary gets the very comment body (plus a blank line before whatever comes next).
    const body = run.stdout.slice(run.stdout.indexOf('\n<!-- gonogo:sticky -->\n') + 1);
    expect(readFileSync(summary, 'utf8')).toBe(`${body}\n`);
  });
});

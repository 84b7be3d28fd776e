/**
 * `gonogo review` in a real terminal: tmux runs the built CLI on a copy of
 * fixtures/review-shop, the test types keys and reads the screen with capture-pane, then
 * checks the file the UI wrote and that `gonogo analyze` applies it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'dist/cli/main.js');
const FIXTURE = path.join(ROOT, 'fixtures/review-shop');
const SKIP = existsSync(MAIN) ? null : 'dist/cli/main.js is missing; `npm test` builds it first (or run `npm run build`)';
const SOCKET = `gonogo-review-e2e-${process.pid}`;
const SESSION = 'review';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', SESSION);
}

/** Polls the screen until `expected` is on it; fails with the last screen when it never is. */
async function waitForScreen(expected: string | RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${String(expected)}; the screen was:\n${last}`);
}

async function waitForFile(file: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) return readFileSync(file, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${file}`);
}

function sendKeys(...keys: string[]): void {
  tmux('send-keys', '-t', SESSION, ...keys);
}

function typeText(text: string): void {
  tmux('send-keys', '-t', SESSION, '-l', text);
}

function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function expectedFile(kind: string): string {
  return `{
  "decisions": [
    {
      "endpoint": {
        "file": "src/routes/users.js",
        "method": "POST",
        "path": "/api/users"
      },
      "kind": "${kind}",
      "note": "the insert matters as much as the hash"
    }
  ],
  "version": 1
}
`;
}

interface JsonReport {
  endpoints: { key: string; note?: string; classification: { kind: string; overriddenBy?: string } }[];
  review: { applied: number; stale: { key: string; reason: string }[] } | null;
}
const USERS_KEY = 'POST /api/users src/routes/users.js';

describe.skipIf(SKIP !== null)(`gonogo review in a terminal${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  let repo: string;
  let work: string;

  beforeAll(() => {
    const hasTmux = spawnSync('tmux', ['-V']).status === 0;
    if (!hasTmux) throw new Error('tmux is not installed; install it (apt-get install -y tmux), as .ci/run does');
    work = mkdtempSync(path.join(os.tmpdir(), 'gonogo-review-e2e-'));
    repo = path.join(work, 'review-shop');
    cpSync(FIXTURE, repo, { recursive: true });
  });

  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('without a terminal it says so in one line and exits 2', () => {
    const run = runCli('review', repo);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: 'gonogo: review is interactive and needs a terminal, but stdin and stdout are not a terminal; use `gonogo analyze` instead\n',
    });
  });

  test('filter, open the evidence, relabel, write and quit; analyze then applies the decision', async () => {
    // The login-like endpoint hashes with bcrypt and inserts a row: the analysis calls it cpu
    // or mixed; the reviewer picks the other label, so the decision visibly overrides it.
    const before = JSON.parse(runCli('analyze', repo, '--format', 'json').stdout) as JsonReport;
    const computed = before.endpoints.find((endpoint) => endpoint.key === USERS_KEY)?.classification.kind;
    expect(['cpu', 'mixed']).toContain(computed);
    const decided = computed === 'cpu' ? 'mixed' : 'cpu';

    const exitFile = path.join(work, 'exit-code');
    // CI=true as on a CI machine, where it once left Ink drawing nothing until exit: a person
    // at a terminal still gets the UI.
    const command = `CI=true NO_COLOR=1 ${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} review ${JSON.stringify(repo)}; echo $? > ${JSON.stringify(exitFile)}`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '32', command);

    const list = await waitForScreen('sort: plan order');
    expect(list).toMatch(/^gonogo review {2}review-shop {2}\d[\d,]* lines to port · 4 endpoints$/m);
    expect(list).toMatch(/^[> ] POST\s+\/api\/users\s+(cpu|mixed)\s/m);
    expect(list).toContain('? help  q quit  enter open  / filter');

    sendKeys('/');
    typeText('users');
    await waitForScreen('filter: users');
    sendKeys('Enter');
    const filtered = await waitForScreen('filter: users · sort: plan order · 1 of 4 shown');
    expect(filtered).toMatch(/^> POST\s+\/api\/users\s/m);

    sendKeys('Enter');
    const detail = await waitForScreen('bcrypt.hash');
    expect(detail).toContain('POST /api/users');
    expect(detail).toMatch(/^handler {4}.* · src\/routes\/users\.js:6-9$/m);
    expect(detail).toMatch(/^ {5}> {1,2}10 │ {3}const hash = await bcrypt\.hash\(password, SALT_ROUNDS\);$/m);

    sendKeys(decided === 'cpu' ? 'c' : 'm');
    await waitForScreen(`set kind ${decided} on POST /api/users`);
    sendKeys('n');
    typeText('the insert matters as much as the hash');
    sendKeys('Enter');
    await waitForScreen('noted POST /api/users');
    expect(screen()).toContain(`kind       ${decided} (reviewer; the analysis said ${computed})`);
    expect(screen()).toContain('note       the insert matters as much as the hash');
    sendKeys('w');
    await waitForScreen('wrote 1 decision to gonogo.review.json');
    sendKeys('q');
    await waitForScreen(new RegExp(`^> POST\\s+/api/users\\s+${decided}\\*`, 'm'));
    sendKeys('q');

    expect((await waitForFile(exitFile)).trim()).toBe('0');
    expect(readFileSync(path.join(repo, 'gonogo.review.json'), 'utf8')).toBe(expectedFile(decided));

    const analyzed = runCli('analyze', repo, '--format', 'json');
    expect(analyzed.status).toBe(0);
    const result = JSON.parse(analyzed.stdout) as JsonReport;
    expect(result.review).toEqual({ applied: 1, stale: [] });
    const users = result.endpoints.find((endpoint) => endpoint.key === USERS_KEY);
    expect(users?.classification.kind).toBe(decided);
    expect(users?.classification.overriddenBy).toBe('review');
    expect(users?.note).toBe('the insert matters as much as the hash');

    const withGone = expectedFile(decided).replace(
      '  "decisions": [\n',
      '  "decisions": [\n    {\n      "endpoint": {\n        "file": "src/routes/users.js",\n        "method": "DELETE",\n        "path": "/api/users/:id"\n      },\n      "kind": "io"\n    },\n',
    );
    writeFileSync(path.join(repo, 'gonogo.review.json'), withGone);
    const stale = JSON.parse(runCli('analyze', repo, '--format', 'json').stdout) as JsonReport;
    expect(stale.review).toEqual({
      applied: 1,
      stale: [{ key: 'DELETE /api/users/:id src/routes/users.js', reason: 'no endpoint with this method, path and handler file was found' }],
    });
    // Generous: three analyses and a UI session on a loaded 2-core CI machine; a wait that
    // fails reports the screen it last saw.
  }, 240_000);
});

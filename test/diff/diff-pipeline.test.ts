import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffRevisions, type DiffRun } from '../../src/diff/diff-revisions.js';
import { evaluateGates } from '../../src/diff/evaluate-gates.js';
import { resolveAnalyzeOptions } from '../../src/config/resolve-options.js';
import { analyzeRepository } from '../../src/pipeline/analyze-repository.js';
import { createTestRepo, type TestRepo } from './git-repo.js';

/**
 * `gonogo diff` through the real pipeline, on a small polyglot repository with two commits:
 * the head adds endpoints, makes a handler CPU-bound and adds dependencies.
 */
const BASE_FILES: Record<string, string> = {
  // A 40-line baseline (instead of the article's 40,000) scales the estimate to this tiny repository,
  // so a dozen lines move it visibly: the documented way to override an assumption.
  'gonogo.config.json': `${JSON.stringify({ assumptions: { baseline: { lines: 40 } } }, null, 2)}\n`,
  'api/package.json': `${JSON.stringify({ name: 'shop-api', version: '1.0.0', dependencies: { express: '^4.19.2', pg: '^8.11.5' } }, null, 2)}\n`,
  'api/src/db.ts': [
    "import { Pool } from 'pg';",
    '',
    'export const pool = new Pool();',
    '',
    'export async function findUsers() {',
    "  const { rows } = await pool.query('SELECT id, email FROM users ORDER BY id');",
    '  return rows;',
    '}',
    '',
    'export async function findUserByEmail(email: string) {',
    "  const { rows } = await pool.query('SELECT id, email, password_hash FROM users WHERE email = $1', [email]);",
    '  return rows[0];',
    '}',
    '',
  ].join('\n'),
  'api/src/app.ts': [
    "import express from 'express';",
    "import { findUserByEmail, findUsers } from './db';",
    '',
    'const app = express();',
    'app.use(express.json());',
    '',
    "app.get('/users', async (req, res) => {",
    '  res.json(await findUsers());',
    '});',
    '',
    "app.post('/login', async (req, res) => {",
    '  const user = await findUserByEmail(req.body.email);',
    '  res.json({ ok: user !== undefined });',
    '});',
    '',
    'app.listen(3000);',
    '',
  ].join('\n'),
  'ml/requirements.txt': 'fastapi==0.110.0\nuvicorn==0.29.0\n',
  'ml/main.py': [
    'from fastapi import FastAPI',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.get("/health")',
    'def health():',
    '    return {"status": "ok"}',
    '',
    '',
    '@app.get("/items/{item_id}")',
    'async def read_item(item_id: int):',
    '    return {"item_id": item_id}',
    '',
  ].join('\n'),
};

const HEAD_FILES: Record<string, string> = {
  'api/package.json': `${JSON.stringify(
    { name: 'shop-api', version: '1.0.0', dependencies: { bcrypt: '^5.1.1', express: '^4.19.2', pg: '^8.11.5' } },
    null,
    2,
  )}\n`,
  'api/src/app.ts': [
    "import bcrypt from 'bcrypt';",
    "import crypto from 'node:crypto';",
    "import express from 'express';",
    "import { findUserByEmail, findUsers } from './db';",
    '',
    'const app = express();',
    'app.use(express.json());',
    '',
    "app.get('/users', async (req, res) => {",
    '  res.json(await findUsers());',
    '});',
    '',
    "app.post('/login', async (req, res) => {",
    '  const user = await findUserByEmail(req.body.email);',
    '  const ok = user !== undefined && (await bcrypt.compare(req.body.password, user.password_hash));',
    '  res.json({ ok });',
    '});',
    '',
    "app.post('/reports', (req, res) => {",
    "  const digest = crypto.pbkdf2Sync(req.body.secret, 'report-salt', 210000, 64, 'sha512');",
    "  res.json({ digest: digest.toString('hex') });",
    '});',
    '',
    'app.listen(3000);',
    '',
  ].join('\n'),
  'ml/requirements.txt': 'fastapi==0.110.0\nnumpy==1.26.4\nuvicorn==0.29.0\nweasyprint==61.2\n',
  'ml/main.py': [
    'import numpy as np',
    'from fastapi import FastAPI',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.get("/health")',
    'def health():',
    '    return {"status": "ok"}',
    '',
    '',
    '@app.get("/items/{item_id}")',
    'async def read_item(item_id: int):',
    '    return {"item_id": item_id}',
    '',
    '',
    '@app.post("/predict")',
    'def predict(features: list[float], activation: str = "tanh"):',
    '    weights = np.linspace(0.1, 1.0, num=len(features))',
    '    squash = getattr(np, activation)',
    '    return {"score": float(squash(np.dot(weights, np.array(features))))}',
    '',
  ].join('\n'),
};

let repo: TestRepo;
let tempDir: string;
let run: DiffRun;
let shas: { base: string; head: string };

beforeAll(async () => {
  repo = createTestRepo('shop');
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'gonogo-diff-pipeline-'));
  repo.write(BASE_FILES);
  const base = repo.commit('base: users, login, health, items');
  repo.write(HEAD_FILES);
  const head = repo.commit('head: reports, predict, bcrypt login');
  shas = { base, head };
  const { options } = await resolveAnalyzeOptions(repo.root, { workers: 0 });
  run = await diffRevisions({ folder: repo.root, base: 'HEAD~1', options, analyze: analyzeRepository, tempDir });
}, 60_000);

afterAll(() => {
  repo.cleanup();
  rmSync(tempDir, { recursive: true, force: true });
});

describe('gonogo diff on a real two-commit history', () => {
  it('names the revisions', () => {
    expect(run.delta.revisions).toEqual({ base: { ref: 'HEAD~1', sha: shas.base }, head: { ref: 'HEAD', sha: shas.head } });
  });

  it('reuses the facts of unchanged files', () => {
    // api/src/db.ts is the only source file the change leaves alone.
    expect(run.cacheHits).toBe(1);
  });

  it('lists the endpoints added and changed, and those that became CPU-bound', () => {
    const added = run.delta.endpoints.added.map((e) => [e.method, e.path, `${e.file}:${e.line}`, e.kind, e.recommendation]);
    expect(added).toEqual([
      ['POST', '/predict', 'ml/main.py:17', 'cpu', 'keep-python'],
      ['POST', '/reports', 'api/src/app.ts:19', 'cpu', 'go'],
    ]);
    expect(run.delta.endpoints.removed).toEqual([]);
    // numpy makes the Python service ML work, so the estimate now keeps its other endpoints in Python.
    const changed = run.delta.endpoints.changed.map((c) => [
      c.method,
      c.path,
      c.changes.join(','),
      `${c.base.kind}>${c.head.kind}`,
      `${c.base.recommendation}>${c.head.recommendation}`,
      c.head.generated,
    ]);
    expect(changed).toEqual([
      ['GET', '/docs', 'recommendation', 'io>io', 'not-worth-it>keep-python', true],
      ['GET', '/docs/oauth2-redirect', 'recommendation', 'io>io', 'not-worth-it>keep-python', true],
      ['GET', '/health', 'recommendation', 'io>io', 'not-worth-it>keep-python', false],
      ['GET', '/items/{item_id}', 'recommendation', 'io>io', 'not-worth-it>keep-python', false],
      ['POST', '/login', 'kind,recommendation', 'io>mixed', 'not-worth-it>go', false],
      ['GET', '/openapi.json', 'recommendation', 'io>io', 'not-worth-it>keep-python', true],
      ['GET', '/redoc', 'recommendation', 'io>io', 'not-worth-it>keep-python', true],
    ]);
    expect(
      run.delta.endpoints.becameCpuBound.map((c) => [c.endpoint.method, c.endpoint.path, c.reason, c.previousKind, c.endpoint.strongestEvidence]),
    ).toEqual([
      ['POST', '/login', 'changed', 'io', 'npm:bcrypt.hash at api/src/app.ts:15'],
      ['POST', '/predict', 'added', null, 'pypi:numpy at ml/main.py:19'],
      ['POST', '/reports', 'added', null, 'node:crypto.kdf-sync at api/src/app.ts:20'],
    ]);
  });

  it('lists the new dependencies with their Go mapping, and the new dynamic feature', () => {
    expect(run.delta.dependencies.map((d) => [d.ecosystem, d.name, d.fit, d.go, d.declaredIn])).toEqual([
      ['npm', 'bcrypt', 'drop-in', ['golang.org/x/crypto'], ['api/package.json']],
      ['pypi', 'numpy', 'different-api', ['gonum.org/v1/gonum'], ['ml/requirements.txt']],
      ['pypi', 'weasyprint', 'none', [], ['ml/requirements.txt']],
    ]);
    expect(run.delta.dynamicFeatures).toEqual([{ kind: 'reflection', file: 'ml/main.py', line: 20, what: 'getattr' }]);
  });

  it('gives the change in engineer-months, risk, verdict and size', () => {
    expect(run.delta.months).toEqual({
      likely: { base: 2.37, head: 3.6, change: 1.23 },
      p90: { base: 2.8, head: 4.27, change: 1.47 },
    });
    expect(run.delta.risk).toEqual({ score: { base: 45, head: 60, change: 15 }, baseLevel: 'medium', headLevel: 'high' });
    expect([run.delta.verdict.base?.decision, run.delta.verdict.head?.decision]).toEqual(['stay', 'rewrite-parts']);
    expect(run.delta.productionLines).toEqual({ base: 30, head: 43, change: 13 });
    expect(run.delta.endpoints.base).toBe(8);
    expect(run.delta.endpoints.head).toBe(10);
  });

  it('fails the gates a reviewer would set for this change', () => {
    const gates = evaluateGates(run.delta, { maxMonthsIncrease: 1, failOnRisk: 'high', failOnNewCpuEndpoints: true, failOnUnmappedDependencies: true });
    expect(gates.map((gate) => [gate.id, gate.passed, gate.reason])).toEqual([
      ['max-months-increase', false, 'likely engineer-months changed by +1.23 (allowed: up to +1)'],
      ['fail-on-risk', false, 'risk is high (60/100), the gate fails at high or above'],
      ['fail-on-new-cpu', false, '3 endpoints became CPU-bound: POST /login, POST /predict, POST /reports'],
      ['fail-on-unmapped-deps', false, '1 new dependency without a known Go equivalent: weasyprint'],
    ]);
  });
});

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/bench/generate-corpus.js';

/** A two-service template: TypeScript/CommonJS files importing siblings by relative path, a Python package importing a submodule. */
const TEMPLATE: Record<string, string> = {
  'web/package.json': '{ "name": "web", "private": true }\n',
  'web/src/hash.ts': `import { createHash } from 'node:crypto';

export function hashPassword(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}
`,
  'web/src/reports.ts': `export function buildReport() {
  return { total: 0 };
}
`,
  'web/src/users.ts': `import express from 'express';
import { hashPassword } from './hash';

export const usersRouter = express.Router();

// hashPassword salts nothing: a fixture, not advice.
usersRouter.post('/users', (req, res) => {
  res.json({ hash: hashPassword(req.body.password) });
});

export async function loadReports() {
  const reports = await import('./reports');
  return reports.buildReport();
}
`,
  'web/src/legacy.js': `const { hashPassword } = require('./hash');
const users = require('./users');

module.exports = { check: (pw) => hashPassword(pw), users };
`,
  'api/shop/__init__.py': '',
  'api/shop/services/__init__.py': '',
  'api/shop/services/predict.py': `def run_model(features):
    return sum(features)
`,
  'api/shop/main.py': `from fastapi import FastAPI
from shop.services.predict import run_model
from shop.services import predict
import shop.services.predict

app = FastAPI()


@app.post("/predict")
def score_features(payload: dict):
    """Scores with run_model, imported from shop.services.predict."""
    return {"score": run_model(payload["features"]), "again": predict.run_model([1])}
`,
  'api/shop/urls.py': `from django.urls import include, path

urlpatterns = [path("api/", include("shop.api_urls"))]
`,
};

describe('generateCorpus', () => {
  let root: string;
  let template: string;
  let corpus: string;
  let result: { files: number; lines: number; copies: number };
  const read = (copy: number, file: string): Promise<string> => readFile(path.join(corpus, `service-000${copy}`, file), 'utf8');

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'gonogo-corpus-test-'));
    template = path.join(root, 'template');
    corpus = path.join(root, 'corpus');
    for (const [relative, content] of Object.entries(TEMPLATE)) {
      await mkdir(path.dirname(path.join(template, relative)), { recursive: true });
      await writeFile(path.join(template, relative), content);
    }
    const templateLines = Object.values(TEMPLATE).reduce((sum, text) => sum + (text.match(/\n/g)?.length ?? 0), 0);
    result = await generateCorpus(template, corpus, templateLines + 1);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes as many copies of every file as the target needs', () => {
    expect(result.copies).toBe(2);
    expect(result.files).toBe(2 * Object.keys(TEMPLATE).length);
  });

  it('renames imported names but never module specifiers, and prefixes route paths', async () => {
    expect(await read(0, 'web/src/hash.ts')).toBe(`import { createHash } from 'node:crypto';

export function hashPasswordV0(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}
`);
    expect(await read(1, 'web/src/users.ts')).toBe(`import express from 'express';
import { hashPasswordV1 } from './hash';

export const usersRouterV1 = express.Router();

// hashPasswordV1 salts nothing: a fixture, not advice.
usersRouterV1.post('/s1/users', (req, res) => {
  res.json({ hash: hashPasswordV1(req.body.password) });
});

export async function loadReportsV1() {
  const reportsV1 = await import('./reports');
  return reportsV1.buildReportV1();
}
`);
    expect(await read(0, 'web/src/reports.ts')).toBe(`export function buildReportV0() {
  return { total: 0 };
}
`);
    expect(await read(0, 'web/src/legacy.js')).toBe(`const { hashPasswordV0 } = require('./hash');
const usersV0 = require('./users');

module.exports = { check: (pw) => hashPasswordV0(pw), usersV0 };
`);
  });

  it('keeps Python module paths and dotted module strings, renaming the imported functions', async () => {
    expect(await read(0, 'api/shop/services/predict.py')).toBe(`def run_modelV0(features):
    return sum(features)
`);
    expect(await read(1, 'api/shop/main.py')).toBe(`from fastapi import FastAPI
from shop.services.predict import run_modelV1
from shop.services import predict
import shop.services.predict

app = FastAPI()


@app.post("/s1/predict")
def score_featuresV1(payload: dict):
    """Scores with run_model, imported from shop.services.predict."""
    return {"score": run_modelV1(payload["features"]), "again": predict.run_modelV1([1])}
`);
    expect(await read(1, 'api/shop/urls.py')).toBe(TEMPLATE['api/shop/urls.py']);
    expect(await read(1, 'web/package.json')).toBe(TEMPLATE['web/package.json']);
  });

  it('is deterministic', async () => {
    const again = path.join(root, 'again');
    await generateCorpus(template, again, result.lines);
    for (const relative of Object.keys(TEMPLATE)) {
      for (const copy of [0, 1]) {
        const service = `service-000${copy}`;
        expect(await readFile(path.join(again, service, relative), 'utf8')).toBe(await readFile(path.join(corpus, service, relative), 'utf8'));
      }
    }
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAnalyzeOptions } from '../../src/config/resolve-options.js';
import { analyzeRepository } from '../../src/pipeline/analyze-repository.js';
import type { AnalysisResult } from '../../src/result/types.js';

interface ExpectedRow {
  method: string;
  path: string;
  file: string;
  line: number;
  handler: { name: string; file: string; startLine: number; endLine: number };
  kind: string;
  tags: string[];
  recommendation: string;
}

/** The demo's authors wrote down every endpoint and its intended label in EXPECTED.md: that table is the truth. */
function readExpected(): ExpectedRow[] {
  const text = readFileSync('fixtures/demo-shop/EXPECTED.md', 'utf8');
  const rows: ExpectedRow[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (!/^\d+$/.test(cells[1] ?? '')) continue;
    const [, , method, route, registration, handler, , kind, tags, rec] = cells;
    const [file, lineNo] = registration!.split(':');
    const handlerMatch = /^`([^`]+)` (\S+):(\d+)-(\d+)$/.exec(handler!)!;
    rows.push({
      method: method!,
      path: route!,
      file: file!,
      line: Number(lineNo),
      handler: { name: handlerMatch[1]!, file: handlerMatch[2]!, startLine: Number(handlerMatch[3]), endLine: Number(handlerMatch[4]) },
      kind: kind!,
      tags: tags ? tags.split(',').map((t) => t.trim()).filter(Boolean).sort() : [],
      recommendation: rec!,
    });
  }
  return rows;
}

describe('the demo repository, end to end', () => {
  const expected = readExpected();
  let result: AnalysisResult;

  beforeAll(async () => {
    const { options } = await resolveAnalyzeOptions(path.resolve('fixtures/demo-shop'), { workers: 0, noReview: true });
    ({ result } = await analyzeRepository(options));
  });

  it('finds exactly the endpoints its authors list, with registration and handler', () => {
    expect(expected).toHaveLength(33);
    // FastAPI's /docs, /redoc and /openapi.json are listed apart in EXPECTED.md, as generated routes.
    const found = result.endpoints.filter((e) => !e.generated).map((e) => ({
      method: e.method,
      path: e.path,
      file: e.file,
      line: e.line,
      handler: e.handler ? { name: e.handler.name, file: e.handler.file, startLine: e.handler.startLine, endLine: e.handler.endLine } : null,
    }));
    const want = expected.map(({ method, path: route, file, line, handler }) => ({ method, path: route, file, line, handler }));
    const key = (e: { method: string; path: string; file: string }) => `${e.path} ${e.method} ${e.file}`;
    expect([...found].sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual([...want].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
  });

  it('labels each endpoint as its authors intended, with the intended recommendation', () => {
    const byKey = new Map(result.endpoints.map((e) => [`${e.method} ${e.path} ${e.file}`, e]));
    const mismatches = expected.flatMap((row) => {
      const endpoint = byKey.get(`${row.method} ${row.path} ${row.file}`);
      const got = endpoint ? { kind: endpoint.classification.kind, tags: [...endpoint.classification.tags].sort(), recommendation: endpoint.recommendation?.target } : null;
      const want = { kind: row.kind, tags: row.tags, recommendation: row.recommendation };
      return JSON.stringify(got) === JSON.stringify(want) ? [] : [{ endpoint: `${row.method} ${row.path}`, want, got }];
    });
    expect(mismatches).toEqual([]);
  });

  it('prints a plan that starts with the CPU-heavy Node endpoints and a verdict', () => {
    expect(result.plan.map((step) => `${step.method} ${step.path}`).sort()).toEqual(['GET /api/v1/reports/sales.pdf', 'POST /api/v1/auth/login', 'POST /api/v1/auth/register']);
    expect(result.verdict?.decision).toBe('rewrite-parts');
  });
});

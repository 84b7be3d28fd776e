import { describe, expect, it } from 'vitest';
import { computeDelta } from '../../src/diff/compute-delta.js';
import { evaluateGates } from '../../src/diff/evaluate-gates.js';
import type { Delta } from '../../src/diff/types.js';
import { renderDiffJson } from '../../src/reporters/diff-json.js';
import { buildBlobUrl, renderDiffMarkdown } from '../../src/reporters/diff-markdown.js';
import { renderDiffText } from '../../src/reporters/diff-text.js';
import { makeResult, type EndpointSpec } from './make-result.js';

const BASE_SHA = 'a'.repeat(40);
const HEAD_SHA = 'b'.repeat(40);
const LINKS = { webUrl: 'https://github.com', repository: 'acme/shop', pathPrefix: 'services/api' };

function sampleDelta(): Delta {
  const base = makeResult({
    likely: 3,
    p90: 4.1,
    riskScore: 40,
    riskLevel: 'medium',
    endpoints: [
      { method: 'GET', path: '/users', kind: 'io' },
      { method: 'POST', path: '/login', line: 20, kind: 'io' },
      { method: 'DELETE', path: '/x|y', kind: 'io' },
    ],
  });
  const head = makeResult({
    likely: 3.5,
    p90: 4.8,
    riskScore: 48,
    riskLevel: 'high',
    decision: 'rewrite-parts',
    endpoints: [
      { method: 'GET', path: '/users', kind: 'io' },
      { method: 'POST', path: '/login', line: 22, kind: 'mixed', recommendation: 'go', months: 0.25 },
      { method: 'POST', path: '/reports', file: 'src/reports (v2).ts', line: 5, kind: 'cpu', recommendation: 'go', months: 0.4 },
    ],
    dependencies: [
      { name: 'sharp', fit: 'none', note: 'libvips' },
      { name: 'zod', fit: 'drop-in', go: ['github.com/go-playground/validator/v10'] },
    ],
    dynamicFeatures: [{ kind: 'proxy', file: 'src/store.ts', line: 2, what: 'Proxy' }],
  });
  return {
    ...computeDelta(base, head),
    revisions: { base: { ref: 'main', sha: BASE_SHA }, head: { ref: 'HEAD', sha: HEAD_SHA } },
  };
}

const blob = (sha: string, file: string): string => `https://github.com/acme/shop/blob/${sha}/services/api/${file}`;

describe('renderDiffMarkdown', () => {
  it('renders the headline, gates, summary table and every section, linking file:line to the commits', () => {
    const delta = sampleDelta();
    const gates = evaluateGates(delta, { maxMonthsIncrease: 1, failOnNewCpuEndpoints: true });
    const markdown = renderDiffMarkdown(delta, { gates, marker: '<!-- gonogo:sticky -->', links: LINKS, toolVersion: '0.1.0' });
    expect(markdown).toBe(
      [
        '<!-- gonogo:sticky -->',
        '',
        '### gonogo: Go rewrite estimate +0.5 engineer-months',
        '',
        '**Likely** 3 → 3.5 (+0.5) engineer-months · **P90** 4.1 → 4.8 (+0.7) · **Risk** medium → high, score 40 → 48 (+8) · **Verdict** stay → rewrite-parts',
        '',
        '❌ **1 of 2 gates failed**',
        '',
        '- ✅ `max-months-increase` (1): likely engineer-months changed by +0.5 (allowed: up to +1)',
        '- ❌ `fail-on-new-cpu`: 2 endpoints became CPU-bound: POST /login, POST /reports',
        '',
        '| | Base | Head | Change |',
        '|---|---:|---:|---:|',
        '| Engineer-months, likely | 3 | 3.5 | +0.5 |',
        '| Engineer-months, P90 | 4.1 | 4.8 | +0.7 |',
        '| Risk score | 40 (medium) | 48 (high) | +8 |',
        '| Production lines | 1,000 | 1,000 | 0 |',
        '| Endpoints | 3 | 3 | 0 |',
        '',
        '**2 endpoints became CPU-bound:** `POST /login` (io → mixed), `POST /reports` (new, cpu)',
        '',
        '<details><summary>Endpoints: 1 added, 1 removed, 1 changed (2 became CPU-bound)</summary>',
        '',
        '| Change | Endpoint | Kind | Recommendation | Months | Where |',
        '|---|---|---|---|---:|---|',
        `| added, CPU-bound | \`POST /reports\` | cpu | go | 0.4 | [src/reports (v2).ts:5](${blob(HEAD_SHA, 'src/reports%20%28v2%29.ts#L5')}) |`,
        `| kind, recommendation, CPU-bound | \`POST /login\` | io → mixed | not-worth-it → go | 0.25 | [src/app.ts:22](${blob(HEAD_SHA, 'src/app.ts#L22')}) |`,
        `| removed | \`DELETE /x\\|y\` | io | not-worth-it | n/a | [src/app.ts:1](${blob(BASE_SHA, 'src/app.ts#L1')}) |`,
        '',
        '</details>',
        '',
        '<details><summary>New dependencies: 2, 1 without a known Go equivalent</summary>',
        '',
        '| Package | Ecosystem | Go equivalent | Note |',
        '|---|---|---|---|',
        '| `sharp` | npm | none | libvips |',
        '| `zod` | npm | `github.com/go-playground/validator/v10` (drop-in) |  |',
        '',
        '</details>',
        '',
        '<details><summary>New dynamic features: 1</summary>',
        '',
        `- \`Proxy\` (proxy) at [src/store.ts:2](${blob(HEAD_SHA, 'src/store.ts#L2')})`,
        '',
        '</details>',
        '',
        '<sub>gonogo 0.1.0 · base `aaaaaaaaaaaa` (main) → head `bbbbbbbbbbbb` (HEAD)</sub>',
        '',
      ].join('\n'),
    );
  });

  it('writes code spans without links when no repository is given, and says when nothing changed', () => {
    const delta = computeDelta(makeResult({ likely: 2 }), makeResult({ likely: 2 }));
    const markdown = renderDiffMarkdown(delta);
    expect(markdown.split('\n').slice(0, 3)).toEqual([
      '### gonogo: Go rewrite estimate unchanged',
      '',
      '**Likely** 2 (unchanged) engineer-months · **P90** 2.6 (unchanged) · **Risk** low, score 30 (unchanged) · **Verdict** stay',
    ]);
    expect(markdown).not.toContain('<details>');
    expect(markdown.trimEnd().endsWith('<sub>gonogo</sub>')).toBe(true);
  });

  it('says n/a, not "n/a → n/a", when neither side has an estimate', () => {
    const empty = makeResult({ noEstimate: true });
    const markdown = renderDiffMarkdown(computeDelta(empty, empty));
    expect(markdown.split('\n')[2]).toBe('**Likely** n/a engineer-months · **P90** n/a · **Risk** n/a · **Verdict** n/a');
    expect(renderDiffText(computeDelta(empty, empty)).split('\n')[2]).toBe('  Engineer-months, likely  n/a');
  });

  it('puts framework-generated routes after the ones the team wrote, labelled', () => {
    const base = makeResult({ endpoints: [{ method: 'GET', path: '/docs', generated: true, recommendation: 'not-worth-it' }] });
    const head = makeResult({
      endpoints: [
        { method: 'GET', path: '/docs', generated: true, recommendation: 'keep-python' },
        { method: 'GET', path: '/zeta', recommendation: 'keep-python' },
      ],
    });
    const rows = renderDiffMarkdown(computeDelta(base, head))
      .split('\n')
      .filter((line) => line.startsWith('| added') || line.startsWith('| recommendation'));
    expect(rows).toEqual([
      '| added | `GET /zeta` | io | keep-python | n/a | `src/app.ts:1` |',
      '| recommendation (generated) | `GET /docs` | io | not-worth-it → keep-python | n/a | `src/app.ts:1` |',
    ]);
    expect(computeDelta(base, head).endpoints.changed[0]!.head.generated).toBe(true);
  });

  it('says how many review decisions were applied and which are stale', () => {
    const delta: Delta = { ...sampleDelta(), review: { base: null, head: 2, staleOnHead: ['GET /gone src/gone.ts'] } };
    expect(renderDiffMarkdown(delta)).toContain(
      'Review decisions applied (gonogo.review.json): 2 on head, none on base.\n' +
        '⚠️ 1 stale review decision (endpoint no longer found): `GET /gone src/gone.ts`\n',
    );
    expect(renderDiffText(delta)).toContain(
      'Review decisions applied (gonogo.review.json): 2 on head, none on base\n\n' +
        '1 stale review decision (endpoint no longer found):\n  GET /gone src/gone.ts\n',
    );
  });

  it('percent-encodes paths and derives blob URLs for a GitHub Enterprise host', () => {
    expect(buildBlobUrl({ webUrl: 'https://ghe.example.com/', repository: 'o/r', pathPrefix: '' }, 'c0ffee', 'app/[id]/route #1.ts', 7)).toBe(
      'https://ghe.example.com/o/r/blob/c0ffee/app/%5Bid%5D/route%20%231.ts#L7',
    );
  });

  describe('size cap', () => {
    const endpointCount = 5000;
    const specs = (count: number, prefix: string): EndpointSpec[] =>
      Array.from({ length: count }, (_, index) => ({
        method: 'GET',
        path: `/${prefix}/${String(index).padStart(5, '0')}/items/:itemId`,
        file: `src/routes/${prefix}-${index % 50}.ts`,
        line: index + 1,
        kind: index % 7 === 0 ? 'cpu' : 'io',
        recommendation: index % 7 === 0 ? 'go' : 'not-worth-it',
        months: 0.05,
      }));
    const base = makeResult({ likely: 10, endpoints: specs(300, 'old') });
    const head = makeResult({
      likely: 40,
      endpoints: specs(endpointCount, 'new'),
      dependencies: Array.from({ length: 2000 }, (_, index) => ({ name: `pkg-${String(index).padStart(4, '0')}`, fit: 'unmapped' as const })),
      dynamicFeatures: Array.from({ length: 2000 }, (_, index) => ({ kind: 'eval' as const, file: `src/dyn-${index}.js`, line: 3, what: 'eval' })),
    });
    const delta: Delta = { ...computeDelta(base, head), revisions: { base: { ref: 'main', sha: BASE_SHA }, head: { ref: 'HEAD', sha: HEAD_SHA } } };
    const options = { marker: '<!-- gonogo:sticky -->', links: LINKS, gates: evaluateGates(delta, { failOnNewCpuEndpoints: true }) };
    const full = renderDiffMarkdown(delta, { ...options, maxLength: Number.MAX_SAFE_INTEGER });
    const capped = renderDiffMarkdown(delta, options);

    it('keeps the comment under 60,000 characters with whole rows and a count of those left out', () => {
      expect(full.length).toBeGreaterThan(1_000_000);
      expect(capped.length).toBeLessThanOrEqual(60_000);
      expect(capped.length).toBeGreaterThan(55_000);
      const fullLines = new Set(full.split('\n'));
      for (const line of capped.split('\n')) {
        if (line.includes('not shown')) continue;
        expect(fullLines.has(line)).toBe(true);
      }
      const endpointRows = capped.split('\n').filter((line) => line.startsWith('| added') || line.startsWith('| removed'));
      const hidden = endpointCount + 300 - endpointRows.length;
      expect(capped).toContain(`_${hidden.toLocaleString('en-US')} more endpoints not shown; run \`gonogo diff\` for the full list._`);
      // CPU-bound additions come first, so they are what survives the cut.
      expect(endpointRows[0]).toMatch(/^\| added, CPU-bound \| `GET \/new\/00000\/items\/:itemId` \|/);
    });

    it('never cuts an element: every details block closes, later sections keep their summary', () => {
      for (const markdown of [capped, renderDiffMarkdown(delta, { ...options, maxLength: 4000 })]) {
        expect(markdown.match(/<details>/g)?.length).toBe(3);
        expect(markdown.match(/<\/details>/g)?.length).toBe(3);
        for (const line of markdown.split('\n').filter((candidate) => candidate.startsWith('|'))) expect(line.endsWith('|')).toBe(true);
        expect(markdown).toContain('<summary>New dependencies: 2,000, 2,000 without a known Go equivalent</summary>');
        expect(markdown).toContain('<summary>New dynamic features: 2,000</summary>');
        expect(markdown.trimEnd().endsWith('(HEAD)</sub>')).toBe(true);
      }
      const small = renderDiffMarkdown(delta, { ...options, maxLength: 4000 });
      expect(small.length).toBeLessThanOrEqual(4000);
      expect(small).toContain('_2,000 more dependencies not shown._');
      expect(small).toContain('_2,000 more dynamic features not shown._');
    });

    it('is deterministic', () => {
      expect(renderDiffMarkdown(delta, options)).toBe(capped);
    });
  });
});

describe('renderDiffText', () => {
  it('prints every change for a terminal', () => {
    const delta = sampleDelta();
    const gates = evaluateGates(delta, { maxMonthsIncrease: 1, failOnNewCpuEndpoints: true });
    expect(renderDiffText(delta, { gates })).toBe(
      [
        'gonogo diff: shop main (aaaaaaaaaaaa) → HEAD (bbbbbbbbbbbb)',
        '',
        '  Engineer-months, likely  3 → 3.5 (+0.5)',
        '  Engineer-months, P90     4.1 → 4.8 (+0.7)',
        '  Risk                     medium → high, score 40 → 48 (+8)',
        '  Verdict                  stay → rewrite-parts',
        '  Production lines         1,000 (unchanged)',
        '  Endpoints                3 → 3: 1 added, 1 removed, 1 changed',
        '',
        'Gates: 1 of 2 failed',
        '  pass  max-months-increase (1): likely engineer-months changed by +0.5 (allowed: up to +1)',
        '  FAIL  fail-on-new-cpu: 2 endpoints became CPU-bound: POST /login, POST /reports',
        '',
        'Became CPU-bound (2)',
        '  POST /login  (io → mixed)  src/app.ts:22  npm:bcrypt.hash at src/app.ts:24',
        '  POST /reports  (new, cpu)  src/reports (v2).ts:5  npm:bcrypt.hash at src/reports (v2).ts:7',
        '',
        'Added (1)',
        '  + POST /reports  (cpu, go)  src/reports (v2).ts:5',
        '',
        'Removed (1)',
        '  - DELETE /x|y  (io, not-worth-it)  src/app.ts:1',
        '',
        'Changed (1)',
        '  ~ POST /login  kind io → mixed; recommendation not-worth-it → go  src/app.ts:22',
        '',
        'New dependencies (2)',
        '  sharp (npm) → no Go equivalent: libvips',
        '  zod (npm) → github.com/go-playground/validator/v10 (drop-in)',
        '',
        'New dynamic features (1)',
        '  Proxy (proxy)  src/store.ts:2',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    const delta = sampleDelta();
    expect(renderDiffText(delta)).not.toContain('\u001b[');
    expect(renderDiffText(delta, { color: true })).toContain('\u001b[1mgonogo diff: shop');
  });
});

describe('renderDiffJson', () => {
  it('is the delta plus the gates, with a schema version', () => {
    const delta = sampleDelta();
    const gates = evaluateGates(delta, { failOnRisk: 'high' });
    const parsed = JSON.parse(renderDiffJson(delta, { gates })) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'schemaVersion',
      'kind',
      'repository',
      'endpoints',
      'months',
      'risk',
      'verdict',
      'productionLines',
      'dynamicFeatures',
      'dependencies',
      'review',
      'revisions',
      'gates',
    ]);
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.gates).toEqual([{ id: 'fail-on-risk', threshold: 'high', passed: false, reason: 'risk is high (48/100), the gate fails at high or above' }]);
    expect(parsed.months).toEqual(delta.months);
  });
});

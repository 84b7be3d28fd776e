import { describe, expect, it } from 'vitest';
import { computeDelta } from '../../src/diff/compute-delta.js';
import { evaluateGates } from '../../src/diff/evaluate-gates.js';
import { makeResult } from './make-result.js';

describe('computeDelta', () => {
  const base = makeResult({
    likely: 3,
    p90: 4.1,
    riskScore: 40,
    riskLevel: 'medium',
    decision: 'stay',
    productionCode: 1200,
    endpoints: [
      { method: 'GET', path: '/users', line: 10, kind: 'io' },
      { method: 'POST', path: '/login', line: 20, kind: 'io', recommendation: 'not-worth-it' },
      { method: 'DELETE', path: '/users/:id', line: 30, kind: 'io' },
      { method: 'GET', path: '/health', file: 'src/a.ts', line: 1, kind: 'io' },
      { method: 'GET', path: '/health', file: 'src/b.ts', line: 1, kind: 'io' },
    ],
    dependencies: [{ name: 'express', fit: 'different-api', go: ['net/http'] }],
    dynamicFeatures: [{ kind: 'eval', file: 'src/legacy.js', line: 4, what: 'eval' }],
  });
  const head = makeResult({
    likely: 3.5,
    p90: 4.8,
    riskScore: 48,
    riskLevel: 'high',
    decision: 'rewrite-parts',
    productionCode: 1350,
    endpoints: [
      { method: 'GET', path: '/users', line: 12, kind: 'io' },
      { method: 'POST', path: '/login', line: 22, kind: 'mixed', recommendation: 'go', months: 0.25 },
      { method: 'POST', path: '/reports', file: 'src/reports.ts', line: 5, kind: 'cpu', recommendation: 'go', months: 0.4 },
      { method: 'GET', path: '/orders', file: 'src/orders.ts', line: 7, kind: 'io' },
      { method: 'GET', path: '/health', file: 'src/b.ts', line: 1, kind: 'io' },
      { method: 'GET', path: '/health', file: 'src/a.ts', line: 3, kind: 'io' },
    ],
    dependencies: [
      { name: 'express', fit: 'different-api', go: ['net/http'] },
      { name: 'sharp', fit: 'none', note: 'libvips binding' },
      { name: 'zod', fit: 'drop-in', go: ['github.com/go-playground/validator/v10'] },
      { name: 'left-pad-plus', fit: 'unmapped' },
    ],
    dynamicFeatures: [
      { kind: 'eval', file: 'src/legacy.js', line: 9, what: 'eval' },
      { kind: 'proxy', file: 'src/store.ts', line: 2, what: 'Proxy' },
    ],
  });
  const delta = computeDelta(base, head);

  it('lists added, removed and changed endpoints, matching duplicates by file', () => {
    expect(delta.endpoints.base).toBe(5);
    expect(delta.endpoints.head).toBe(6);
    expect(delta.endpoints.added.map((e) => `${e.method} ${e.path} ${e.file}:${e.line} ${e.kind}`)).toEqual([
      'GET /orders src/orders.ts:7 io',
      'POST /reports src/reports.ts:5 cpu',
    ]);
    expect(delta.endpoints.removed.map((e) => `${e.method} ${e.path}`)).toEqual(['DELETE /users/:id']);
    expect(delta.endpoints.changed).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/login',
        changes: ['kind', 'recommendation'],
        base: expect.objectContaining({ kind: 'io', recommendation: 'not-worth-it', line: 20 }),
        head: expect.objectContaining({ kind: 'mixed', recommendation: 'go', line: 22, months: 0.25 }),
      }),
    ]);
  });

  it('names the endpoints that became CPU-bound, new or changed', () => {
    expect(delta.endpoints.becameCpuBound.map((c) => [c.endpoint.method, c.endpoint.path, c.reason, c.previousKind])).toEqual([
      ['POST', '/login', 'changed', 'io'],
      ['POST', '/reports', 'added', null],
    ]);
    expect(delta.endpoints.becameCpuBound[1]!.endpoint.strongestEvidence).toBe('npm:bcrypt.hash at src/reports.ts:7');
  });

  it('gives the change of months, risk, verdict and size', () => {
    expect(delta.months).toEqual({ likely: { base: 3, head: 3.5, change: 0.5 }, p90: { base: 4.1, head: 4.8, change: 0.7 } });
    expect(delta.risk).toEqual({ score: { base: 40, head: 48, change: 8 }, baseLevel: 'medium', headLevel: 'high' });
    expect(delta.verdict.base?.decision).toBe('stay');
    expect(delta.verdict.head?.decision).toBe('rewrite-parts');
    expect(delta.productionLines).toEqual({ base: 1200, head: 1350, change: 150 });
  });

  it('lists new dependencies with their Go mapping and new dynamic features, ignoring moved lines', () => {
    expect(delta.dependencies).toEqual([
      { name: 'left-pad-plus', ecosystem: 'npm', fit: 'unmapped', go: [], note: null, declaredIn: ['package.json'] },
      { name: 'sharp', ecosystem: 'npm', fit: 'none', go: [], note: 'libvips binding', declaredIn: ['package.json'] },
      {
        name: 'zod',
        ecosystem: 'npm',
        fit: 'drop-in',
        go: ['github.com/go-playground/validator/v10'],
        note: null,
        declaredIn: ['package.json'],
      },
    ]);
    expect(delta.dynamicFeatures).toEqual([{ kind: 'proxy', file: 'src/store.ts', line: 2, what: 'Proxy' }]);
  });

  it('reports a handler moved to another file as changed, and nothing for an identical result', () => {
    const before = makeResult({ endpoints: [{ method: 'GET', path: '/a', file: 'src/routes.ts', handlerFile: 'src/old.ts' }] });
    const after = makeResult({ endpoints: [{ method: 'GET', path: '/a', file: 'src/routes.ts', handlerFile: 'src/new.ts' }] });
    expect(computeDelta(before, after).endpoints.changed.map((c) => c.changes)).toEqual([['handler-file']]);
    const same = computeDelta(base, base);
    expect([same.endpoints.added, same.endpoints.removed, same.endpoints.changed, same.dependencies, same.dynamicFeatures]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
    expect(same.months.likely.change).toBe(0);
    expect(Object.is(same.months.likely.change, -0)).toBe(false);
  });

  it('has null changes when a side has no estimate', () => {
    const empty = makeResult({ noEstimate: true });
    const result = computeDelta(empty, head);
    expect(result.months.likely).toEqual({ base: null, head: 3.5, change: null });
    expect(result.risk.baseLevel).toBeNull();
    expect(result.dependencies).toHaveLength(4);
  });
});

describe('evaluateGates', () => {
  const base = makeResult({ likely: 3, riskLevel: 'medium', endpoints: [{ method: 'GET', path: '/a', kind: 'io' }] });
  const head = makeResult({
    likely: 4.25,
    riskScore: 61,
    riskLevel: 'high',
    endpoints: [
      { method: 'GET', path: '/a', kind: 'cpu' },
      { method: 'POST', path: '/b', kind: 'io' },
    ],
    dependencies: [{ name: 'sharp', fit: 'none' }, { name: 'pg', fit: 'drop-in', go: ['github.com/jackc/pgx/v5'] }],
  });
  const delta = computeDelta(base, head);

  it('lists only configured gates, in a fixed order, with the reason', () => {
    expect(evaluateGates(delta, {})).toEqual([]);
    expect(
      evaluateGates(delta, { failOnUnmappedDependencies: true, failOnNewCpuEndpoints: true, failOnRisk: 'high', maxMonthsIncrease: 1 }),
    ).toEqual([
      {
        id: 'max-months-increase',
        threshold: '1',
        passed: false,
        reason: 'likely engineer-months changed by +1.25 (allowed: up to +1)',
      },
      { id: 'fail-on-risk', threshold: 'high', passed: false, reason: 'risk is high (61/100), the gate fails at high or above' },
      { id: 'fail-on-new-cpu', threshold: 'true', passed: false, reason: '1 endpoint became CPU-bound: GET /a' },
      {
        id: 'fail-on-unmapped-deps',
        threshold: 'true',
        passed: false,
        reason: '1 new dependency without a known Go equivalent: sharp',
      },
    ]);
  });

  it('passes when within the thresholds', () => {
    const outcomes = evaluateGates(delta, { maxMonthsIncrease: 1.25, failOnRisk: 'high' });
    expect(outcomes.map((gate) => gate.passed)).toEqual([true, false]);
    const calm = computeDelta(head, head);
    expect(evaluateGates(calm, { failOnNewCpuEndpoints: true, failOnUnmappedDependencies: true, failOnRisk: 'medium' })).toEqual([
      { id: 'fail-on-risk', threshold: 'medium', passed: false, reason: 'risk is high (61/100), the gate fails at medium or above' },
      { id: 'fail-on-new-cpu', threshold: 'true', passed: true, reason: 'no endpoint became CPU-bound' },
      { id: 'fail-on-unmapped-deps', threshold: 'true', passed: true, reason: 'every new dependency has a Go equivalent' },
    ]);
  });
});

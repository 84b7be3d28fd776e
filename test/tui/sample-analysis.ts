/**
 * Hand-made analysis results for the review tests: a small shop API whose numbers are
 * chosen so every column, sort and recomputation is predictable.
 */
import type { Analysis, ReviewDecision } from '../../src/pipeline/types.js';
import { NO_STATS } from '../diff/make-result.js';
import type { AnalysisResult, Endpoint } from '../../src/result/types.js';
import type { Evidence, Kind, Tag } from '../../src/classification/types.js';
import type { Target } from '../../src/estimation/types.js';

interface EndpointSpec {
  method: string;
  path: string;
  handlerFile: string;
  handlerName: string;
  line: number;
  kind: Kind;
  tags?: Tag[];
  confidence: number;
  target: Target | null;
  ownedLines: number;
  months: number;
  evidence?: Evidence[];
  framework?: string;
}

export const BCRYPT_EVIDENCE: Evidence = {
  signal: 'npm:bcrypt.hash',
  kind: 'cpu',
  package: 'bcrypt',
  file: 'src/services/users.js',
  line: 9,
  inLoop: false,
  weight: 3,
  reason: 'bcrypt hashing is CPU-bound by design',
  chain: [
    { name: 'createUser', file: 'src/routes/users.js', line: 6 },
    { name: 'registerUser', file: 'src/services/users.js', line: 7 },
    { name: 'bcrypt.hash', file: 'src/services/users.js', line: 9 },
  ],
};

export const DB_EVIDENCE: Evidence = {
  signal: 'npm:pg.query',
  kind: 'io',
  package: 'pg',
  file: 'src/services/users.js',
  line: 10,
  inLoop: false,
  weight: 1,
  reason: 'a database query waits on the network',
  chain: [
    { name: 'createUser', file: 'src/routes/users.js', line: 6 },
    { name: 'registerUser', file: 'src/services/users.js', line: 7 },
    { name: 'db.query', file: 'src/services/users.js', line: 10 },
  ],
};

const SPECS: EndpointSpec[] = [
  { method: 'GET', path: '/api/health', handlerFile: 'src/app.js', handlerName: '<anonymous>', line: 8, kind: 'io', tags: ['trivial'], confidence: 1, target: 'not-worth-it', ownedLines: 3, months: 0.01 },
  { method: 'GET', path: '/api/products', handlerFile: 'src/routes/products.js', handlerName: 'listProducts', line: 5, kind: 'io', confidence: 0.9, target: 'not-worth-it', ownedLines: 40, months: 0.1 },
  { method: 'GET', path: '/api/products/:id', handlerFile: 'src/routes/products.js', handlerName: 'getProduct', line: 12, kind: 'io', confidence: 0.9, target: 'not-worth-it', ownedLines: 30, months: 0.08 },
  {
    method: 'POST',
    path: '/api/users',
    handlerFile: 'src/routes/users.js',
    handlerName: 'createUser',
    line: 5,
    kind: 'mixed',
    confidence: 0.85,
    target: 'go',
    ownedLines: 1200,
    months: 0.25,
    evidence: [BCRYPT_EVIDENCE, DB_EVIDENCE],
  },
  {
    method: 'GET',
    path: '/api/v1/organisations/:organisationId/projects/:projectId/members/:memberId/permissions',
    handlerFile: 'src/routes/orgs.js',
    handlerName: 'listPermissions',
    line: 20,
    kind: 'cpu',
    confidence: 0.6,
    target: 'go',
    ownedLines: 220,
    months: 0.4,
  },
];

export function makeEndpoint(spec: EndpointSpec): Endpoint {
  return {
    key: `${spec.method} ${spec.path} ${spec.handlerFile}`,
    method: spec.method,
    path: spec.path,
    framework: spec.framework ?? 'express',
    language: 'javascript',
    file: spec.handlerFile,
    line: spec.line,
    handler: { name: spec.handlerName, file: spec.handlerFile, startLine: spec.line, endLine: spec.line + 6 },
    mountChain: spec.path.startsWith('/api') ? [{ prefix: '/api', file: 'src/app.js', line: 12 }] : [],
    resolution: 'resolved',
    classification: {
      kind: spec.kind,
      tags: spec.tags ?? [],
      confidence: spec.confidence,
      confidenceNotes: [],
      evidence: spec.evidence ?? [],
      reachedLines: spec.ownedLines + 10,
      ownedLines: spec.ownedLines,
      reason: spec.evidence ? 'reaches bcrypt.hash (cpu) and pg.query (io)' : `${spec.kind} by its sinks`,
    },
    recommendation: spec.target ? { target: spec.target, reason: `because ${spec.kind}` } : null,
    estimate: { months: { low: spec.months * 0.5, likely: spec.months, high: spec.months * 2 }, lines: spec.ownedLines },
  };
}

/** The estimate the fake pipeline derives: the months of every endpoint recommended `go`. */
function estimateOf(endpoints: readonly Endpoint[]): AnalysisResult['estimate'] {
  const p50 = endpoints.filter((endpoint) => endpoint.recommendation?.target === 'go').reduce((sum, endpoint) => sum + (endpoint.estimate?.months.likely ?? 0), 0);
  return {
    sizeLines: { production: 2345, test: 400, excluded: {} },
    months: { low: p50 * 0.8, likely: p50, high: p50 * 1.5 },
    percentiles: { p10: p50 * 0.8, p50, p90: p50 * 1.5 },
    linesPerMonth: { implied: 10000, articleLow: 10000, articleHigh: 20000 },
    factors: [],
    explanation: [],
    modules: [],
    infra: null,
  };
}

export function makeResult(endpoints: Endpoint[] = SPECS.map(makeEndpoint)): AnalysisResult {
  return {
    schemaVersion: 1,
    tool: { name: 'gonogo', version: '0.1.0' },
    repository: 'review-shop',
    summary: {
      files: 6,
      code: 2745,
      comment: 100,
      blank: 200,
      productionCode: 2345,
      testCode: 400,
      functions: 30,
      endpoints: endpoints.length,
      byKind: { io: 3, cpu: 1, mixed: 1, unknown: 0 },
      endpointResolution: { resolved: endpoints.length, partial: 0, unresolved: 0 },
    },
    languages: [],
    files: [],
    hotspots: [],
    skipped: {} as AnalysisResult['skipped'],
    frameworks: [{ id: 'express', title: 'Express', language: 'js', endpoints: endpoints.length }],
    endpoints,
    estimate: estimateOf(endpoints),
    risk: { score: 42, level: 'medium', factors: [] },
    plan: [
      { order: 1, method: 'POST', path: '/api/users', file: 'src/routes/users.js', benefit: 3, costMonths: 0.25, reason: 'cpu' },
      {
        order: 2,
        method: 'GET',
        path: '/api/v1/organisations/:organisationId/projects/:projectId/members/:memberId/permissions',
        file: 'src/routes/orgs.js',
        benefit: 1,
        costMonths: 0.4,
        reason: 'cpu',
      },
    ],
    verdict: { decision: 'rewrite-parts', summary: 'move the CPU-bound endpoints' },
    review: null,
    diagnostics: [],
  };
}

/** A stand-in for the pipeline's Analysis: applies each decision and recomputes the estimate. */
export function makeAnalysis(result: AnalysisResult = makeResult()): Analysis & { calls: ReviewDecision[][] } {
  const calls: ReviewDecision[][] = [];
  return {
    result,
    stats: NO_STATS,
    calls,
    withDecisions(decisions) {
      calls.push([...decisions]);
      const byKey = new Map(decisions.map((decision) => [decision.key, decision]));
      const endpoints = result.endpoints.map((endpoint) => {
        const decision = byKey.get(endpoint.key);
        if (!decision) return endpoint;
        const changed: Endpoint = { ...endpoint, classification: { ...endpoint.classification } };
        if (decision.kind) changed.classification = { ...changed.classification, kind: decision.kind, overriddenBy: 'review' };
        if (decision.recommendation) changed.recommendation = { target: decision.recommendation, reason: 'set by a reviewer' };
        if (decision.note) changed.note = decision.note;
        return changed;
      });
      return { ...result, endpoints, estimate: estimateOf(endpoints), review: { applied: decisions.length, stale: [] } };
    },
  };
}

/** Source files of the sample, as the detail view reads them. */
export const SAMPLE_SOURCES: Record<string, string[]> = {
  'src/routes/users.js': [
    "const { registerUser } = require('../services/users');",
    '',
    'const router = require("express").Router();',
    '',
    "router.post('/users', async function createUser(req, res) {",
    '  const user = await registerUser(req.body);',
    '  res.status(201).json(user);',
    '});',
  ],
  'src/services/users.js': [
    "const bcrypt = require('bcrypt');",
    "const db = require('../db');",
    '',
    'const ROUNDS = 12;',
    '',
    '/** Creates an account; the password is stored hashed. */',
    'async function registerUser({ email, password }) {',
    '  if (!email) throw new Error("email required");',
    '  const hash = await bcrypt.hash(password, ROUNDS);',
    "  const { rows } = await db.query('INSERT INTO users (email, hash) VALUES ($1, $2) RETURNING id', [email, hash]);",
    '  return { id: rows[0].id, email };',
    '}',
  ],
};

export function readSampleSource(file: string): readonly string[] | null {
  return SAMPLE_SOURCES[file] ?? null;
}

import { describe, expect, it } from 'vitest';
import { findEndpoints, formatExplanation } from '../../src/cli/commands/explain.js';
import { EndpointNotFoundError } from '../../src/errors.js';
import type { AnalysisResult, Endpoint } from '../../src/result/types.js';
import { runCli } from '../helpers/run-cli.js';

function endpoint(method: string, path: string, overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    key: `${method} ${path} src/app.js`,
    method,
    path,
    framework: 'express',
    language: 'javascript',
    file: 'src/app.js',
    line: 3,
    handler: { name: 'login', file: 'src/app.js', startLine: 3, endLine: 6 },
    mountChain: [],
    resolution: 'resolved',
    classification: { kind: 'io', tags: [], confidence: 0.5, confidenceNotes: [], evidence: [], reachedLines: 4, ownedLines: 4, reason: 'r' },
    recommendation: null,
    estimate: null,
    ...overrides,
  };
}

function resultWith(endpoints: Endpoint[]): AnalysisResult {
  return { repository: 'shop', endpoints } as AnalysisResult;
}

describe('gonogo explain', () => {
  it('prints the classification and each chain step with its source line', () => {
    const login = endpoint('POST', '/login', {
      middleware: [{ name: 'rateLimit', file: 'src/limit.js', startLine: 1, endLine: 4 }],
      classification: {
        kind: 'mixed',
        tags: ['realtime'],
        confidence: 0.8,
        confidenceNotes: ['close to a threshold'],
        reachedLines: 20,
        ownedLines: 12,
        reason: 'both matter',
        evidence: [
          {
            signal: 'npm:bcrypt.hash',
            kind: 'cpu',
            package: 'bcrypt',
            file: 'src/hash.js',
            line: 2,
            inLoop: true,
            weight: 15,
            reason: 'bcrypt key stretching',
            syncOnEventLoop: true,
            chain: [
              { name: 'login', file: 'src/app.js', line: 3 },
              { name: 'hash', file: 'src/app.js', line: 4 },
              { name: 'bcrypt.hashSync', file: 'src/hash.js', line: 2 },
            ],
          },
        ],
      },
    });
    const sources: Record<string, string[]> = {
      'src/app.js': ['', '', "app.post('/login', async (req, res) => {", '  for (const p of req.body.passwords) hash(p);'],
      'src/hash.js': ['function hash(p) {', '  return bcrypt.hashSync(p, 12);'],
    };
    const text = formatExplanation([login], (file, line) => sources[file]?.[line - 1] ?? null);
    expect(text).toBe(
      [
        'POST /login  (express, registered at src/app.js:3)',
        '  handler     login  src/app.js:3-6',
        '  middleware  rateLimit  src/limit.js:1-4',
        '  kind        mixed',
        '  tags        realtime',
        '  confidence  0.80',
        '              - close to a threshold',
        '  reason      both matter',
        '  lines       20 reached, 12 reached by this endpoint alone',
        '',
        '  evidence (1, strongest first)',
        '   1. cpu  weight 15  npm:bcrypt.hash (bcrypt)  [in a loop, blocks the event loop]',
        '      bcrypt key stretching',
        `      ${'src/app.js:3'.padEnd(48)} login`,
        "          app.post('/login', async (req, res) => {",
        `      ${'src/app.js:4'.padEnd(48)} hash`,
        '          for (const p of req.body.passwords) hash(p);',
        `      ${'src/hash.js:2'.padEnd(48)} bcrypt.hashSync`,
        '          return bcrypt.hashSync(p, 12);',
        '',
      ].join('\n'),
    );
  });

  it('finds every endpoint with the method and path, and names near matches when none has them', () => {
    const result = resultWith([endpoint('GET', '/health'), endpoint('GET', '/health', { file: 'svc/b.py' }), endpoint('POST', '/users/:id'), endpoint('GET', '/users/:id')]);
    expect(findEndpoints(result, 'get', '/health')).toHaveLength(2);
    expect(() => findEndpoints(result, 'DELETE', '/users/:id')).toThrow(new EndpointNotFoundError('no endpoint DELETE /users/:id in shop; near matches: GET /users/:id, POST /users/:id'));
    expect(() => findEndpoints(result, 'GET', '/users/{id}')).toThrow(new EndpointNotFoundError('no endpoint GET /users/{id} in shop; near matches: GET /users/:id, POST /users/:id'));
    expect(() => findEndpoints(resultWith([]), 'GET', '/x')).toThrow(new EndpointNotFoundError('no endpoint GET /x in shop; the repository has no endpoints gonogo recognises'));
  });

  it('runs end to end: the chain with source lines, and exit 2 with near matches for an unknown endpoint', () => {
    const run = runCli(['explain', 'fixtures/classify-deep-cpu', 'POST', '/thumbnails', '--quiet']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(
      [
        'POST /thumbnails  (express, registered at src/server.ts:7)',
        '  handler     <anonymous>  src/server.ts:7-10',
        '  kind        cpu',
        '  tags        -',
        '  confidence  0.90',
        '  reason      in-process CPU work dominates: weight 4 (sharp().resize().webp().toBuffer) against no I/O sink reached',
        '  lines       14 reached, 14 reached by this endpoint alone',
        '',
        '  evidence (1, strongest first)',
        '   1. cpu  weight 4  npm:sharp (sharp)',
        '      image decoding, resizing and encoding (libvips, on the thread pool)',
        `      ${'src/server.ts:7'.padEnd(48)} <anonymous>`,
        "          app.post('/thumbnails', async (req, res) => {",
        `      ${'src/server.ts:8'.padEnd(48)} createThumbnail`,
        '          const thumbnail = await createThumbnail(req.body.image);',
        `      ${'src/images/thumbnails.ts:6'.padEnd(48)} resizeForWeb`,
        '          return resizeForWeb(original, 320);',
        `      ${'src/images/resize.ts:6'.padEnd(48)} encodeWebp`,
        '          return encodeWebp(input, Math.min(width, MAX_WIDTH));',
        `      ${'src/images/encode.ts:4'.padEnd(48)} sharp().resize().webp().toBuffer`,
        '          return sharp(input).resize(width).webp({ quality: 80 }).toBuffer();',
        '',
      ].join('\n'),
    );
    const missing = runCli(['explain', 'fixtures/classify-deep-cpu', 'GET', '/thumbnails', '--quiet']);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([2, '', 'gonogo: no endpoint GET /thumbnails in classify-deep-cpu; near matches: POST /thumbnails\n']);
  });
});

import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { InputFileError, OutputError } from '../../src/errors.js';
import {
  loadReviewFile,
  matchDecisions,
  parseReviewFile,
  readReviewEntries,
  serializeReviewFile,
  writeReviewFile,
  type ReviewEntry,
} from '../../src/review/index.js';
import { makeResult } from '../tui/sample-analysis.js';

const USERS = { method: 'POST', path: '/api/users', file: 'src/routes/users.js' };
const HEALTH = { method: 'GET', path: '/api/health', file: 'src/app.js' };

const EXPECTED_TEXT = `{
  "decisions": [
    {
      "endpoint": {
        "file": "src/app.js",
        "method": "GET",
        "path": "/api/health"
      },
      "note": "a constant reply; never worth moving",
      "recommendation": "not-worth-it"
    },
    {
      "endpoint": {
        "file": "src/routes/users.js",
        "method": "POST",
        "path": "/api/users"
      },
      "kind": "cpu",
      "recommendation": "go"
    }
  ],
  "version": 1
}
`;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'gonogo-review-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function parseError(text: string): string {
  try {
    parseReviewFile(text, 'gonogo.review.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be rejected');
}

describe('writing', () => {
  test('sorts decisions by method, path and file, sorts keys, indents by two and ends with a newline', () => {
    const entries: ReviewEntry[] = [
      { recommendation: 'go', kind: 'cpu', endpoint: { path: '/api/users', file: 'src/routes/users.js', method: 'POST' } },
      { endpoint: HEALTH, recommendation: 'not-worth-it', note: 'a constant reply; never worth moving' },
    ];
    expect(serializeReviewFile(entries)).toBe(EXPECTED_TEXT);
  });

  test('drops decisions that decide nothing', () => {
    expect(serializeReviewFile([{ endpoint: USERS }, { endpoint: HEALTH, note: '' }])).toBe('{\n  "decisions": [],\n  "version": 1\n}\n');
  });

  test('writes atomically and reads back the same decisions', async () => {
    const written = await writeReviewFile(root, [
      { endpoint: USERS, kind: 'cpu', recommendation: 'go' },
      { endpoint: HEALTH, recommendation: 'not-worth-it', note: 'a constant reply; never worth moving' },
    ]);
    expect(written).toBe(path.join(root, 'gonogo.review.json'));
    expect(await readFile(written, 'utf8')).toBe(EXPECTED_TEXT);
    expect(await readdir(root)).toEqual(['gonogo.review.json']);
    expect(await readReviewEntries(root)).toEqual({
      path: written,
      entries: [
        { endpoint: HEALTH, recommendation: 'not-worth-it', note: 'a constant reply; never worth moving' },
        { endpoint: USERS, kind: 'cpu', recommendation: 'go' },
      ],
    });
    expect(await loadReviewFile(root)).toEqual({
      path: written,
      decisions: [
        { key: 'GET /api/health src/app.js', recommendation: 'not-worth-it', note: 'a constant reply; never worth moving' },
        { key: 'POST /api/users src/routes/users.js', kind: 'cpu', recommendation: 'go' },
      ],
    });
  });

  test('a write that fails throws OutputError and leaves nothing behind', async () => {
    const missing = path.join(root, 'no-such-folder');
    await expect(writeReviewFile(missing, [{ endpoint: USERS, kind: 'cpu' }])).rejects.toThrow(
      new OutputError(`cannot write ${path.join(missing, 'gonogo.review.json')}: ENOENT`),
    );
    expect(await readdir(root)).toEqual([]);
  });
});

describe('loading', () => {
  test('no file is not an error', async () => {
    expect(await loadReviewFile(root)).toBeNull();
  });

  test('a folder in place of the file is a clear error', async () => {
    await mkdir(path.join(root, 'gonogo.review.json'));
    await expect(loadReviewFile(root)).rejects.toThrow(
      new InputFileError(`${path.join(root, 'gonogo.review.json')}: cannot read the review file (EISDIR)`),
    );
  });

  test('a malformed file on disk names its path and line', async () => {
    await writeFile(path.join(root, 'gonogo.review.json'), '{\n  "version": 1,\n  "decisions": [\n    { "endpoint": {} }\n  ]\n}\n');
    await expect(loadReviewFile(root)).rejects.toThrow(
      new InputFileError(`${path.join(root, 'gonogo.review.json')}:4: decisions[0].endpoint is missing "method"`),
    );
  });

  test('accepts a byte-order mark and unsorted decisions', () => {
    const text = '\uFEFF{"version":1,"decisions":[{"endpoint":{"method":"POST","path":"/api/users","file":"src/routes/users.js"},"kind":"io"},{"endpoint":{"method":"GET","path":"/api/health","file":"src/app.js"},"kind":"cpu"}]}';
    expect(parseReviewFile(text, 'x')).toEqual([
      { endpoint: HEALTH, kind: 'cpu' },
      { endpoint: USERS, kind: 'io' },
    ]);
  });
});

describe('malformed files name the line', () => {
  test('JSON syntax errors', () => {
    expect(parseError('{\n  "version": 1\n  "decisions": []\n}\n')).toBe(
      'gonogo.review.json:3:3: invalid JSON: expected "," or "}" but found """',
    );
    expect(parseError('{\n  "version": 1,\n  "decisions": [],\n}\n')).toBe(
      'gonogo.review.json:4:1: invalid JSON: trailing comma before "}" (JSON allows none)',
    );
    expect(parseError('{\n  // reviewed by Ana\n  "version": 1\n}')).toBe(
      'gonogo.review.json:2:3: invalid JSON: expected a quoted key but found a comment (JSON allows none)',
    );
    expect(parseError('{\n  "version": 1,\n  "decisions": [\n    { "endpoint": "POST /api/users\n')).toBe(
      'gonogo.review.json:4:35: invalid JSON: unescaped control character or line break inside a string',
    );
    expect(parseError('')).toBe('gonogo.review.json:1:1: invalid JSON: the file is empty; expected a JSON object');
    expect(parseError('{"version": 1, "decisions": []}\n{}')).toBe(
      'gonogo.review.json:2:1: invalid JSON: unexpected "{" after the end of the JSON value',
    );
    expect(parseError('{\n  "version": 1,\n  "version": 1,\n  "decisions": []\n}')).toBe(
      'gonogo.review.json:3:3: invalid JSON: duplicate key "version"',
    );
    expect(parseError('{\n  "version": yes\n}')).toBe('gonogo.review.json:2:14: invalid JSON: expected a value but found "yes"');
  });

  const decisionFile = (decision: string): string =>
    `{\n  "version": 1,\n  "decisions": [\n    {\n      "endpoint": { "method": "GET", "path": "/a", "file": "a.js" },\n      "kind": "io"\n    },\n${decision}\n  ]\n}\n`;

  test('shape errors point at the offending key', () => {
    expect(parseError(decisionFile('    {\n      "endpoint": { "method": "GET", "path": "/b", "file": "b.js" },\n      "kind": "CPU"\n    }'))).toBe(
      'gonogo.review.json:10: decisions[1].kind must be one of "io", "cpu", "mixed"',
    );
    expect(parseError(decisionFile('    {\n      "endpoint": { "method": "GET", "path": "/b", "file": "b.js" },\n      "label": "cpu"\n    }'))).toBe(
      'gonogo.review.json:10: decisions[1] has an unknown key "label" (allowed: endpoint, kind, note, recommendation)',
    );
    expect(parseError(decisionFile('    {\n      "endpoint": { "method": "get", "path": "/b", "file": "b.js" },\n      "kind": "io"\n    }'))).toBe(
      'gonogo.review.json:9: decisions[1].endpoint.method must be an upper-case HTTP method such as GET, POST or WS',
    );
    expect(parseError(decisionFile('    {\n      "endpoint": { "method": "GET", "path": "/b", "file": "b.js" },\n      "recommendation": "rewrite"\n    }'))).toBe(
      'gonogo.review.json:10: decisions[1].recommendation must be one of "go", "keep-node", "keep-python", "not-worth-it"',
    );
    expect(parseError(decisionFile('    {\n      "endpoint": { "method": "GET", "path": "/b", "file": "b.js" }\n    }'))).toBe(
      'gonogo.review.json:8: decisions[1] decides nothing: give at least one of kind, recommendation, note',
    );
    expect(parseError(decisionFile('    {\n      "endpoint": { "method": "GET", "path": "/b", "file": "b.js" },\n      "note": 3\n    }'))).toBe(
      'gonogo.review.json:10: decisions[1].note must be a string',
    );
    expect(parseError(decisionFile('    {\n      "kind": "io"\n    }'))).toBe('gonogo.review.json:8: decisions[1] is missing "endpoint"');
    expect(parseError('{\n  "version": 1\n}')).toBe('gonogo.review.json:1: the file is missing "decisions"');
    expect(parseError('[]')).toBe('gonogo.review.json:1: the file must be an object');
    expect(parseError('{\n  "decisions": {},\n  "version": 1\n}')).toBe('gonogo.review.json:2: decisions must be an array');
  });

  test('a newer version is refused by name', () => {
    expect(parseError('{\n  "decisions": [],\n  "version": 2\n}')).toBe(
      'gonogo.review.json:3: unsupported version 2; this gonogo reads version 1',
    );
  });

  test('two decisions for one endpoint are refused at the second', () => {
    expect(parseError(decisionFile('    {\n      "endpoint": { "method": "GET", "path": "/a", "file": "a.js" },\n      "kind": "cpu"\n    }'))).toBe(
      'gonogo.review.json:8: decisions[1] repeats the endpoint of decisions[0] (GET /a a.js); keep one decision per endpoint',
    );
  });
});

describe('matching decisions to endpoints', () => {
  const endpoints = makeResult().endpoints;

  test('applies the decisions whose endpoint exists and reports the others as stale, with what changed', () => {
    const match = matchDecisions(endpoints, [
      { key: 'POST /api/users src/routes/users.js', kind: 'cpu' },
      { key: 'POST /api/users src/handlers/users.js', kind: 'io' },
      { key: 'DELETE /api/products/:id src/routes/products.js', recommendation: 'go' },
      { key: 'GET /api/orders src/routes/orders.js', note: 'gone' },
      { key: 'GET /api/health src/app.js', note: 'fine' },
    ]);
    expect(match).toEqual({
      applied: [
        { key: 'POST /api/users src/routes/users.js', kind: 'cpu' },
        { key: 'GET /api/health src/app.js', note: 'fine' },
      ],
      stale: [
        { key: 'DELETE /api/products/:id src/routes/products.js', reason: 'that handler now serves GET only' },
        { key: 'GET /api/orders src/routes/orders.js', reason: 'no endpoint with this method, path and handler file was found' },
        { key: 'POST /api/users src/handlers/users.js', reason: 'the endpoint is now handled in src/routes/users.js' },
      ],
    });
  });

  test('round trip: decisions written for endpoints are loaded and all apply; a removed endpoint turns stale', async () => {
    await writeReviewFile(root, [
      { endpoint: USERS, kind: 'cpu' },
      { endpoint: HEALTH, recommendation: 'not-worth-it' },
    ]);
    const loaded = await loadReviewFile(root);
    expect(matchDecisions(endpoints, loaded?.decisions ?? [])).toEqual({
      applied: [
        { key: 'GET /api/health src/app.js', recommendation: 'not-worth-it' },
        { key: 'POST /api/users src/routes/users.js', kind: 'cpu' },
      ],
      stale: [],
    });
    const withoutHealth = endpoints.filter((endpoint) => endpoint.path !== '/api/health');
    expect(matchDecisions(withoutHealth, loaded?.decisions ?? []).stale).toEqual([
      { key: 'GET /api/health src/app.js', reason: 'no endpoint with this method, path and handler file was found' },
    ]);
  });
});

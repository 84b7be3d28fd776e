import { expect, test } from 'vitest';
import { buildDetailLines } from '../../src/tui/detail-view.js';
import { lineText } from '../../src/tui/segments.js';
import { BCRYPT_EVIDENCE, makeResult } from './sample-analysis.js';

const users = makeResult().endpoints.find((endpoint) => endpoint.path === '/api/users');

test('long field values wrap under their column on a narrow terminal', () => {
  if (!users) throw new Error('sample endpoint missing');
  const lines = buildDetailLines({ endpoint: users, baseline: users, entry: undefined, readSource: () => null, width: 40 }).map(lineText);
  expect(lines.slice(0, 13)).toEqual([
    'POST /api/users',
    'registered express ·',
    '           src/routes/users.js:5',
    'mounted    /api at src/app.js:12',
    'handler    createUser ·',
    '           src/routes/users.js:5-11',
    'kind       mixed · confidence 0.85',
    'why        reaches bcrypt.hash (cpu) and',
    '           pg.query (io)',
    'recommend  go · because mixed',
    'estimate   0.25 engineer-months',
    '           (0.13–0.50) · 1,200 owned',
    '           lines · 1,210 reached',
  ]);
});

test('a step whose source cannot be read still shows file:line; an evidence without a chain shows its sink', () => {
  if (!users) throw new Error('sample endpoint missing');
  const endpoint = { ...users, classification: { ...users.classification, evidence: [{ ...BCRYPT_EVIDENCE, chain: [] }] } };
  const lines = buildDetailLines({ endpoint, baseline: users, entry: undefined, readSource: () => null, width: 100 }).map(lineText);
  expect(lines.slice(-5)).toEqual([
    '',
    '1. cpu npm:bcrypt.hash · bcrypt · weight 3',
    '   bcrypt hashing is CPU-bound by design',
    '   npm:bcrypt.hash  src/services/users.js:9',
    '       (source not available)',
  ]);
});

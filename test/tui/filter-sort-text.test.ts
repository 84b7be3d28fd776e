import { describe, expect, test } from 'vitest';
import { matchesFilter, parseFilter } from '../../src/tui/filter.js';
import { fitLine, lineText, segment, wrapLine } from '../../src/tui/segments.js';
import { nextSortOrder, planPositions, sortEndpoints } from '../../src/tui/sort.js';
import { cleanText, displayWidth, formatCount, formatMonths, truncateEnd, truncateMiddle } from '../../src/tui/text.js';
import { makeResult } from './sample-analysis.js';

const result = makeResult();
const noContext = { marked: new Set<string>(), reviewed: new Set<string>(), noted: new Set<string>() };
function paths(filter: string, context = noContext): string[] {
  const terms = parseFilter(filter);
  return result.endpoints.filter((endpoint) => matchesFilter(endpoint, terms, context)).map((endpoint) => `${endpoint.method} ${endpoint.path}`);
}
const ORGS_PATH = '/api/v1/organisations/:organisationId/projects/:projectId/members/:memberId/permissions';

describe('filter', () => {
  test('parses fields, aliases, alternatives, negation and free text; a route parameter stays text', () => {
    expect(parseFilter('  kind:cpu,Mixed  fw:express -rec:go /users/:id tag: is:marked ')).toEqual([
      { field: 'kind', values: ['cpu', 'mixed'], negate: false },
      { field: 'framework', values: ['express'], negate: false },
      { field: 'recommendation', values: ['go'], negate: true },
      { field: 'text', values: ['/users/:id'], negate: false },
      { field: 'is', values: ['marked'], negate: false },
    ]);
    expect(parseFilter('unknown:x')).toEqual([{ field: 'text', values: ['unknown:x'], negate: false }]);
    expect(parseFilter('-')).toEqual([]);
  });

  test('matches by kind, recommendation, framework, method, path, file, tag and free text', () => {
    expect(paths('kind:cpu')).toEqual([`GET ${ORGS_PATH}`]);
    expect(paths('kind:io,mixed')).toEqual(['GET /api/health', 'GET /api/products', 'GET /api/products/:id', 'POST /api/users']);
    expect(paths('rec:not')).toEqual(['GET /api/health', 'GET /api/products', 'GET /api/products/:id']);
    expect(paths('-rec:not-worth-it')).toEqual(['POST /api/users', `GET ${ORGS_PATH}`]);
    expect(paths('fw:flask')).toEqual([]);
    expect(paths('framework:EXP method:post')).toEqual(['POST /api/users']);
    expect(paths('path:/products/')).toEqual(['GET /api/products/:id']);
    expect(paths('file:orgs')).toEqual([`GET ${ORGS_PATH}`]);
    expect(paths('tag:trivial')).toEqual(['GET /api/health']);
    expect(paths('products :id')).toEqual(['GET /api/products/:id']);
    expect(paths('POST')).toEqual(['POST /api/users']);
  });

  test('is: reads the marks, the decisions and the notes', () => {
    const context = {
      marked: new Set(['GET /api/health src/app.js']),
      reviewed: new Set(['POST /api/users src/routes/users.js']),
      noted: new Set(['GET /api/products src/routes/products.js']),
    };
    expect(paths('is:marked', context)).toEqual(['GET /api/health']);
    expect(paths('is:rev', context)).toEqual(['POST /api/users']);
    expect(paths('is:noted', context)).toEqual(['GET /api/products']);
    expect(paths('-is:marked kind:io', context)).toEqual(['GET /api/products', 'GET /api/products/:id']);
    expect(paths('is:other', context)).toEqual([]);
  });
});

describe('sort', () => {
  test('cycles plan, cost, path', () => {
    expect([nextSortOrder('plan'), nextSortOrder('cost'), nextSortOrder('path')]).toEqual(['cost', 'path', 'plan']);
  });

  test('plan order puts the plan steps first, then the rest by path; cost by months descending', () => {
    expect([...planPositions(result)]).toEqual([
      ['POST /api/users src/routes/users.js', 1],
      [`GET ${ORGS_PATH} src/routes/orgs.js`, 2],
    ]);
    expect(sortEndpoints(result.endpoints, 'plan', result).map((endpoint) => endpoint.path)).toEqual([
      '/api/users',
      ORGS_PATH,
      '/api/health',
      '/api/products',
      '/api/products/:id',
    ]);
    expect(sortEndpoints(result.endpoints, 'cost', result).map((endpoint) => endpoint.estimate?.months.likely)).toEqual([0.4, 0.25, 0.1, 0.08, 0.01]);
    expect(sortEndpoints([...result.endpoints].reverse(), 'path', result).map((endpoint) => endpoint.path)).toEqual([
      '/api/health',
      '/api/products',
      '/api/products/:id',
      '/api/users',
      ORGS_PATH,
    ]);
  });
});

describe('text', () => {
  test('truncates paths in the middle and text at the end, with an ellipsis', () => {
    expect(truncateMiddle(ORGS_PATH, 30)).toBe('/api/v1/o…memberId/permissions');
    expect(displayWidth(truncateMiddle(ORGS_PATH, 30))).toBe(30);
    expect(truncateMiddle('/short', 30)).toBe('/short');
    expect(truncateMiddle('/abc', 1)).toBe('…');
    expect(truncateEnd('bcrypt hashing is CPU-bound', 10)).toBe('bcrypt ha…');
    expect(truncateEnd('abc', 0)).toBe('');
  });

  test('measures wide characters as two columns and combining marks as none', () => {
    expect(displayWidth('/用户/列表')).toBe(10);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(truncateEnd('/用户/列表', 6)).toBe('/用户…');
  });

  test('cleans control characters and expands tabs, so a file cannot drive the terminal', () => {
    expect(cleanText('a\tb\u001b[2Jc\r')).toBe('a   b?[2Jc?');
  });

  test('fits a line of segments to the width, and pads a highlighted one', () => {
    const line = [segment('POST ', 'heading'), segment('/api/users', 'plain'), segment(' cpu', 'kind-cpu')];
    expect(fitLine(line, 40)).toEqual(line);
    expect(fitLine(line, 12)).toEqual([segment('POST ', 'heading'), segment('/api/u', 'plain'), segment('…', 'plain')]);
    expect(lineText(fitLine(line, 22, true))).toBe('POST /api/users cpu   ');
  });

  test('word-wraps a field under its column, cutting only words longer than a line', () => {
    const wrapped = wrapLine([segment('why   ', 'muted'), segment('both matter: CPU weight 10.5 beside I/O weight 4', 'plain')], 24, 6);
    expect(wrapped.map(lineText)).toEqual(['why   both matter: CPU', '      weight 10.5 beside', '      I/O weight 4']);
    expect(wrapped[0]).toEqual([segment('why   ', 'muted'), segment('both matter: CPU', 'plain')]);
    expect(wrapLine([segment('x abcdefghijklmnopqrstuvwxyz', 'plain')], 10, 2).map(lineText)).toEqual(['x abcdefgh', '  ijklmnop', '  qrstuvwx', '  yz']);
  });

  test('formats months and counts the same on every machine', () => {
    expect([formatMonths(0.254), formatMonths(12.34), formatMonths(0.004), formatMonths(0)]).toEqual(['0.25', '12.3', '<0.01', '0.00']);
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

import { describe, expect, it } from 'vitest';
import { detectFixture } from '../../helpers/detect-fixture.js';

describe('Next.js routes in folders named like non-server code', () => {
  it('keeps docs/, test/ and mock/ route folders (they are URL segments) but not test files', async () => {
    const { endpoints } = await detectFixture('fixtures/js-nextjs-segment-names', ['nextjs']);
    expect(endpoints.map((e) => `${e.method} ${e.path} ${e.file}:${e.line}`)).toEqual([
      'GET /api/docs app/api/docs/route.ts:1',
      'GET /api/health app/api/health/route.ts:1',
      'ALL /api/mock/:id pages/api/mock/[id].ts:3',
      'POST /api/test app/api/test/route.ts:1',
    ]);
  });
});

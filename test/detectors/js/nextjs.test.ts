import { describe, expect, it } from 'vitest';
import { nextjsDetector } from '../../../src/detectors/js/nextjs/index.js';
import { appRoutePath, dynamicSegment, pagesApiPath, stripPageExtension } from '../../../src/detectors/js/nextjs/route-paths.js';
import type { DetectedEndpoint, HandlerRef, MountStep } from '../../../src/detectors/types.js';
import type { PackageManifest } from '../../../src/linking/types.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, handler } from '../../helpers/endpoint-rows.js';

function endpoint(
  method: string,
  path: string,
  file: string,
  line: number,
  handlerRef: HandlerRef | null,
  mountChain: MountStep[] = [],
  extra: Partial<DetectedEndpoint> = {},
): DetectedEndpoint {
  return {
    method,
    path,
    framework: 'nextjs',
    language: file.endsWith('.js') ? 'javascript' : 'typescript',
    file,
    line,
    handler: handlerRef,
    mountChain,
    resolution: handlerRef ? 'resolved' : 'partial',
    ...extra,
  };
}

function manifest(dir: string, dependencies: Record<string, string>): PackageManifest {
  return { dir, file: dir ? `${dir}/package.json` : 'package.json', ecosystem: 'npm', dependencies, devDependencies: {} };
}

function detect(files: Record<string, string>, manifests: PackageManifest[] = [manifest('', { next: '14.1.0' })]) {
  return detectWith(nextjsDetector, files, manifests);
}

const routeOf = (e: DetectedEndpoint) => `${e.method} ${e.path} ${e.file}:${e.line}`;

describe('Next.js detector on a Pages Router app (src/pages)', () => {
  it('lists each API route once with ALL, its handler behind wrappers, and nothing for pages', async () => {
    const result = await detectFixture('fixtures/js-nextjs-pages', ['nextjs']);
    expect(result.endpoints).toEqual([
      endpoint('ALL', '/api/auth/:nextauth*', 'src/pages/api/auth/[...nextauth].ts', 4, null),
      endpoint('ALL', '/api/files/:slug*', 'src/pages/api/files/[...slug].ts', 9, handler('serveFile', 'src/pages/api/files/[...slug].ts', 3, 7, 0)),
      endpoint('ALL', '/api/health', 'src/pages/api/health.ts', 3, handler('handler', 'src/pages/api/health.ts', 3, 5, 0)),
      endpoint('ALL', '/api/users', 'src/pages/api/users/index.ts', 4, handler('usersHandler', 'src/pages/api/users/index.ts', 4, 15, 0)),
      endpoint('ALL', '/api/users/:id', 'src/pages/api/users/[id].ts', 5, handler('userHandler', 'src/pages/api/users/[id].ts', 5, 9, 0), [], {
        middleware: [handler('withAuth', 'src/lib/with-auth.ts', 6, 12, 0)],
      }),
      endpoint('ALL', '/api/webhooks/stripe', 'src/pages/api/webhooks/stripe.ts', 14, handler('stripeWebhook', 'src/pages/api/webhooks/stripe.ts', 14, 17, 1)),
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'unresolved-route-part',
        message: 'API route handler could not be resolved statically: NextAuth(authOptions)',
        file: 'src/pages/api/auth/[...nextauth].ts',
        line: 4,
        source: 'detectors:nextjs',
      },
      {
        severity: 'info',
        code: 'nextjs-route-without-handler',
        message: 'not an endpoint: an API route file without a default export serves no request',
        file: 'src/pages/api/users/validation.ts',
        source: 'detectors:nextjs',
      },
    ]);
  });
});

describe('Next.js detector on an App Router app', () => {
  it('lists one endpoint per exported method, drops groups, skips private folders and files outside app/, and applies basePath', async () => {
    const result = await detectFixture('fixtures/js-nextjs-app-router', ['nextjs']);
    const base = [{ prefix: '/store', file: 'next.config.mjs', line: 2 }];
    const products = 'app/(shop)/api/products/route.ts';
    const product = 'app/(shop)/api/products/[id]/route.ts';
    const search = 'app/api/search/[[...filters]]/route.ts';
    const searchHandler = handler('search', search, 4, 9, 0);
    expect(result.endpoints).toEqual([
      endpoint('GET', '/store/:locale/api/hello', 'app/[locale]/api/hello/route.js', 1, handler('GET', 'app/[locale]/api/hello/route.js', 1, 4, 0), base),
      endpoint('GET', '/store/api/auth/:nextauth*', 'app/api/auth/[...nextauth]/route.ts', 6, null, base),
      endpoint('POST', '/store/api/auth/:nextauth*', 'app/api/auth/[...nextauth]/route.ts', 6, null, base),
      endpoint('GET', '/store/api/health', 'app/api/health/route.ts', 3, handler('GET', 'app/api/health/route.ts', 3, 5, 0), base),
      endpoint('GET', '/store/api/products', products, 5, handler('GET', products, 5, 5, 0), base),
      endpoint('POST', '/store/api/products', products, 7, handler('POST', products, 7, 11, 1), base, {
        middleware: [handler('withRateLimit', 'lib/with-rate-limit.ts', 8, 16, 0)],
      }),
      endpoint('DELETE', '/store/api/products/:id', product, 13, handler('DELETE', product, 13, 15, 1), base),
      endpoint('GET', '/store/api/products/:id', product, 8, handler('GET', product, 8, 11, 0), base),
      endpoint('GET', '/store/api/search/:filters*?', search, 11, searchHandler, base),
      endpoint('HEAD', '/store/api/search/:filters*?', search, 11, searchHandler, base),
      // Re-exported through the `@/` path alias: the handler lives in lib/.
      endpoint('POST', '/store/api/webhooks', 'app/api/webhooks/route.ts', 1, handler('POST', 'lib/webhooks.ts', 3, 8, 0), base),
    ]);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.file, d.line])).toEqual([
      ['unresolved-route-part', 'GET handler could not be resolved statically: NextAuth(authOptions)', 'app/api/auth/[...nextauth]/route.ts', 6],
      ['unresolved-route-part', 'POST handler could not be resolved statically: NextAuth(authOptions)', 'app/api/auth/[...nextauth]/route.ts', 6],
    ]);
  });
});

describe('Next.js routing rules', () => {
  it('maps dynamic, catch-all and optional catch-all segments', () => {
    expect(['[id]', '[...slug]', '[[...slug]]', 'plain'].map(dynamicSegment)).toEqual([':id', ':slug*', ':slug*?', 'plain']);
  });

  it('drops groups and slots, decodes %5F, and refuses private and intercepting folders', () => {
    expect(appRoutePath(['(admin)', '@panel', 'api', '[team]', 'route-check'])).toBe('/api/:team/route-check');
    expect(appRoutePath(['%5Finternal', 'status'])).toBe('/_internal/status');
    expect(appRoutePath(['api', '_helpers', 'x'])).toBeNull();
    expect(appRoutePath(['feed', '(..)photo', '[id]'])).toBeNull();
    expect(appRoutePath([])).toBe('/');
  });

  it('maps Pages Router API files, index files to their folder, and nothing outside api/', () => {
    expect(['api', 'api/index', 'api/v1/[org]/index', 'apiary', 'users/[id]', '_app'].map(pagesApiPath)).toEqual(['/api', '/api', '/api/v1/:org', null, null, null]);
  });

  it('honours custom page extensions', () => {
    expect(stripPageExtension('api/users.api.ts', ['page.tsx', 'api.ts'])).toBe('api/users');
    expect(stripPageExtension('api/users.ts', ['page.tsx', 'api.ts'])).toBeNull();
  });
});

describe('Next.js detector edge cases', () => {
  it('finds every Next package of a monorepo, routes relative to each, and prefers pages/ over src/pages/', () => {
    const result = detect(
      {
        'apps/web/src/app/api/ping/route.ts': `export function GET() { return Response.json('pong'); }\n`,
        'apps/admin/pages/api/stats.ts': `export default function stats(req, res) { res.json({}); }\n`,
        'apps/admin/src/pages/api/ignored.ts': `export default function ignored(req, res) { res.json({}); }\n`,
        'packages/ui/app/api/route.ts': `export function GET() { return new Response(''); }\n`,
      },
      [manifest('', {}), manifest('apps/web', { next: '14.1.0' }), manifest('apps/admin', { next: '13.5.6' }), manifest('packages/ui', { react: '18.2.0' })],
    );
    expect(result.endpoints.map(routeOf)).toEqual(['GET /api/ping apps/web/src/app/api/ping/route.ts:1', 'ALL /api/stats apps/admin/pages/api/stats.ts:1']);
  });

  it('falls back to the importing package when no manifest declares next', () => {
    const result = detect({ 'app/api/ping/route.ts': `import { NextResponse } from 'next/server';\nexport const GET = () => NextResponse.json({});\n` }, []);
    expect(result.endpoints.map(routeOf)).toEqual(['GET /api/ping app/api/ping/route.ts:2']);
  });

  it('keeps destructured Auth.js handlers without a handler, and reports a route file that exports no method', () => {
    const result = detect({
      'auth.ts': `import NextAuth from 'next-auth';\nexport const { handlers, auth } = NextAuth({ providers: [] });\n`,
      'app/api/auth/[...nextauth]/route.ts': `import { handlers } from '@/auth';\nexport const { GET, POST } = handlers;\n`,
      'app/api/empty/route.ts': `export const dynamic = 'force-static';\n`,
    });
    expect(result.endpoints.map((e) => [routeOf(e), e.handler, e.resolution])).toEqual([
      ['GET /api/auth/:nextauth* app/api/auth/[...nextauth]/route.ts:2', null, 'partial'],
      ['POST /api/auth/:nextauth* app/api/auth/[...nextauth]/route.ts:2', null, 'partial'],
    ]);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.file, d.line])).toEqual([
      ['unresolved-route-part', 'GET handler could not be resolved statically: handlers.GET', 'app/api/auth/[...nextauth]/route.ts', 2],
      ['unresolved-route-part', 'POST handler could not be resolved statically: handlers.POST', 'app/api/auth/[...nextauth]/route.ts', 2],
      ['nextjs-route-without-handler', 'not an endpoint: a route file exporting none of GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH serves no request', 'app/api/empty/route.ts', undefined],
    ]);
  });

  it('takes the function given to a library that builds destructured handlers as the handler', () => {
    const result = detect({
      'app/api/workflows/route.ts': `import { serve } from '@upstash/workflow/nextjs';
export const { POST } = serve(
  async (context) => {
    await context.run('charge', () => 1);
  },
  { retries: 3 },
);
`,
    });
    expect(result.endpoints).toEqual([endpoint('POST', '/api/workflows', 'app/api/workflows/route.ts', 2, handler('POST', 'app/api/workflows/route.ts', 3, 5, 0))]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads pageExtensions and basePath from a wrapped next.config.js', () => {
    const result = detect({
      'next.config.js': `const withBundleAnalyzer = require('@next/bundle-analyzer')({ enabled: false });
const nextConfig = { pageExtensions: ['api.ts', 'page.tsx'], basePath: '/docs-site' };
module.exports = withBundleAnalyzer(nextConfig);
`,
      'pages/api/search.api.ts': `export default async function search(req, res) { res.json([]); }\n`,
      'pages/api/helpers.ts': `export default function notRouted() {}\n`,
      'app/api/route.ts': `export async function OPTIONS() { return new Response(null); }\n`,
    });
    expect(result.endpoints.map((e) => [routeOf(e), e.mountChain])).toEqual([
      ['ALL /docs-site/api/search pages/api/search.api.ts:1', [{ prefix: '/docs-site', file: 'next.config.js', line: 2 }]],
    ]);
  });
});

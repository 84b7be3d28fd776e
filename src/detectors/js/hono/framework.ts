import type { RouterFramework } from '../router-graph/index.js';

/** Hono: `new Hono()` (also from hono/tiny, hono/quick, and @hono/zod-openapi's OpenAPIHono). */
export const honoFramework: RouterFramework = {
  id: 'hono',
  packages: ['hono', '@hono/zod-openapi'],
  factoryKind(_pkg, imported) {
    return imported === 'Hono' || imported.endsWith('.Hono') || imported === 'OpenAPIHono' ? 'app' : null;
  },
  methods: new Map([
    ['get', 'GET'], ['post', 'POST'], ['put', 'PUT'], ['delete', 'DELETE'], ['patch', 'PATCH'], ['options', 'OPTIONS'], ['all', 'ALL'],
  ]),
  mountsWithRoute: true,
  basePath: true,
  onMethod: true,
  chainedPaths: true,
  typeNames: ['Hono'],
};

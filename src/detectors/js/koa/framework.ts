import type { RouterFramework } from '../router-graph/index.js';

const KOA_ROUTER_PACKAGES = ['@koa/router', 'koa-router'];

/** Koa with @koa/router or koa-router: routers with prefixes, nested with `use`, mounted via `routes()`. */
export const koaFramework: RouterFramework = {
  id: 'koa',
  packages: ['koa', ...KOA_ROUTER_PACKAGES],
  factoryKind(pkg, imported) {
    const whole = imported === '*' || imported === 'default';
    if (pkg === 'koa') return whole || imported === 'Koa' ? 'app' : null;
    if (KOA_ROUTER_PACKAGES.includes(pkg)) return whole || imported === 'Router' ? 'router' : null;
    return null;
  },
  methods: new Map([
    ['get', 'GET'], ['post', 'POST'], ['put', 'PUT'], ['delete', 'DELETE'], ['del', 'DELETE'],
    ['patch', 'PATCH'], ['options', 'OPTIONS'], ['head', 'HEAD'], ['link', 'LINK'], ['unlink', 'UNLINK'], ['all', 'ALL'],
  ]),
  mountsWithUse: true,
  namedRoutes: true,
  routerPrefix: true,
  // `allowedMethods()` answers OPTIONS and 405s; only `routes()` / `middleware()` carry the routes.
  handlerMembers: ['routes', 'middleware'],
  mountWrappers: [{ package: 'koa-mount', imported: '*' }],
  typeNames: ['Koa', 'KoaRouter', 'Router'],
};

import type { Detector } from '../../types.js';
import { detectRouterEndpoints } from '../router-graph/index.js';
import { koaFramework } from './framework.js';

/**
 * Koa routers (@koa/router, koa-router): `new Router({ prefix })`, `router.prefix('/x')`,
 * named routes, nested `router.use('/x', other.routes())`, `app.use(router.routes())`.
 */
export const koaDetector: Detector = {
  id: 'koa',
  title: 'Koa',
  language: 'js',
  enablers: ['koa', '@koa/router', 'koa-router'],
  detect: (context) => detectRouterEndpoints(context, koaFramework),
};

import { expressFramework } from '../express/framework.js';
import type { RouterFramework } from '../router-graph/index.js';

/**
 * express-ws patches Express apps and routers with `ws(path, ...middlewares, handler)`. The
 * router graph is Express's own (same factories, `use` mounts, parameters), with `ws` as the
 * only route-registering member, so every prefix an Express router is mounted under applies.
 */
export const expressWsFramework: RouterFramework = {
  ...expressFramework,
  id: 'express-ws',
  methods: new Map([['ws', 'WS']]),
  routeObjects: false,
};

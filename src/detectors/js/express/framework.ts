import type { RouterFramework } from '../router-graph/index.js';

/** The methods Express registers as `app.<method>` (Node's http.METHODS, lower case), plus `all`. */
const EXPRESS_METHODS = [
  'get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'trace', 'connect',
  'checkout', 'copy', 'lock', 'merge', 'mkactivity', 'mkcol', 'move', 'm-search', 'notify',
  'propfind', 'proppatch', 'purge', 'report', 'search', 'subscribe', 'unlock', 'unsubscribe', 'link', 'unlink',
];

/** Express 4 and 5: `express()`, `express.Router()` / `new Router()`, and express-promise-router. */
export const expressFramework: RouterFramework = {
  id: 'express',
  packages: ['express', 'express-promise-router'],
  factoryKind(pkg, imported) {
    if (pkg === 'express-promise-router') return imported === '*' || imported === 'default' ? 'router' : null;
    if (imported === '*' || imported === 'default') return 'app';
    if (imported === 'Router') return 'router';
    return null;
  },
  methods: new Map([...EXPRESS_METHODS.map((name) => [name, name.toUpperCase()] as const), ['all', 'ALL']]),
  mountsWithUse: true,
  routeObjects: true,
  typeNames: ['Express', 'Application', 'Router', 'IRouter'],
};

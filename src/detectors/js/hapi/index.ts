import type { Detector } from '../../types.js';
import { detectPluginEndpoints } from '../plugin-graph/index.js';
import { hapiFramework } from './framework.js';

/**
 * Hapi: `server.route()` with route objects and arrays from any module (`method` arrays and
 * `'*'` as ALL, handlers in `options` / `config`, `pre` as middleware) and plugins registered
 * with `routes.prefix`. Paths keep hapi's own parameter syntax (`{id}`, `{path*}`), as written.
 */
export const hapiDetector: Detector = {
  id: 'hapi',
  title: 'hapi',
  language: 'js',
  enablers: ['@hapi/hapi', 'hapi'],
  detect: (context) => detectPluginEndpoints(context, hapiFramework),
};

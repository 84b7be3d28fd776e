import type { Detector } from '../../types.js';
import { detectRouterEndpoints } from '../router-graph/index.js';
import { honoFramework } from './framework.js';

/** Hono: `app.get/post/...`, `app.on(methods, paths, handler)`, `app.route('/x', sub)`, `basePath`. */
export const honoDetector: Detector = {
  id: 'hono',
  title: 'Hono',
  language: 'js',
  enablers: ['hono'],
  detect: (context) => detectRouterEndpoints(context, honoFramework),
};

import type { Detector } from '../../types.js';
import { detectRouterEndpoints } from '../router-graph/index.js';
import { expressFramework } from './framework.js';

/**
 * Express 4 and 5: `app.METHOD`, `router.METHOD`, `app.all`, `app.route('/x').get().post()`,
 * arrays of paths, regex paths, middleware chains, and routers mounted with `use` across
 * files, through functions that receive the app, to any depth.
 */
export const expressDetector: Detector = {
  id: 'express',
  title: 'Express',
  language: 'js',
  enablers: ['express', 'express-promise-router'],
  detect: (context) => detectRouterEndpoints(context, expressFramework),
};

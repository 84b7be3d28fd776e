import type { Detector } from '../../types.js';
import { fastapiPlugin } from '../fastapi/plugin.js';
import { detectWithGraph } from '../mounts/index.js';
import { starlettePlugin } from './plugin.js';

/** The same plugin set, in the same order, as the FastAPI detector: the graph is built once for both. */
const ASGI_PLUGINS = [fastapiPlugin, starlettePlugin] as const;

export const starletteDetector: Detector = {
  id: 'starlette',
  title: 'Starlette',
  language: 'python',
  enablers: ['starlette'],
  detect(context) {
    return detectWithGraph(context, ASGI_PLUGINS, 'starlette');
  },
};

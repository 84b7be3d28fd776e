import type { Detector } from '../../types.js';
import { detectWithGraph } from '../mounts/index.js';
import { starlettePlugin } from '../starlette/plugin.js';
import { fastapiPlugin } from './plugin.js';

/** FastAPI mounts Starlette apps and Starlette mounts FastAPI ones: both read one graph. */
const ASGI_PLUGINS = [fastapiPlugin, starlettePlugin] as const;

export const fastapiDetector: Detector = {
  id: 'fastapi',
  title: 'FastAPI',
  language: 'python',
  enablers: ['fastapi'],
  detect(context) {
    return detectWithGraph(context, ASGI_PLUGINS, 'fastapi');
  },
};

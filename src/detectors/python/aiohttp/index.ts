import type { Detector } from '../../types.js';
import { detectWithGraph } from '../mounts/index.js';
import { aiohttpPlugin } from './plugin.js';

const PLUGINS = [aiohttpPlugin] as const;

export const aiohttpDetector: Detector = {
  id: 'aiohttp',
  title: 'aiohttp',
  language: 'python',
  enablers: ['aiohttp'],
  detect(context) {
    return detectWithGraph(context, PLUGINS, 'aiohttp');
  },
};

import type { Detector } from '../../types.js';
import { detectWithGraph } from '../mounts/index.js';
import { sanicPlugin } from './plugin.js';

const PLUGINS = [sanicPlugin] as const;

export const sanicDetector: Detector = {
  id: 'sanic',
  title: 'Sanic',
  language: 'python',
  enablers: ['sanic'],
  detect(context) {
    return detectWithGraph(context, PLUGINS, 'sanic');
  },
};

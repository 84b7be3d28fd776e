import type { Detector } from '../../types.js';
import { detectPluginEndpoints } from '../plugin-graph/index.js';
import { createFastifyFramework } from './framework.js';

/**
 * Fastify: shorthand methods and `route()` options objects, plugins registered with
 * `register(plugin, { prefix })` across files and to any depth (fastify-plugin wrappers share
 * their parent's context and ignore `prefix`, as Fastify does), @fastify/autoload folders with
 * their folder-derived prefixes, and @fastify/websocket routes as `WS`.
 */
export const fastifyDetector: Detector = {
  id: 'fastify',
  title: 'Fastify',
  language: 'js',
  enablers: ['fastify'],
  detect: (context) => detectPluginEndpoints(context, createFastifyFramework()),
};

import { comparePaths } from '../discovery/compare-paths.js';
import { expressDetector } from './js/express/index.js';
import { expressWsDetector } from './js/express-ws/index.js';
import { fastifyDetector } from './js/fastify/index.js';
import { hapiDetector } from './js/hapi/index.js';
import { honoDetector } from './js/hono/index.js';
import { koaDetector } from './js/koa/index.js';
import { nestjsDetector } from './js/nestjs/index.js';
import { nextjsDetector } from './js/nextjs/index.js';
import { nodeHttpDetector } from './js/node-http/index.js';
import { socketIoDetector } from './js/socket-io/index.js';
import { wsDetector } from './js/ws/index.js';
import { aiohttpDetector } from './python/aiohttp/index.js';
import { channelsDetector } from './python/channels/index.js';
import { djangoDetector, drfDetector } from './python/django/index.js';
import { fastapiDetector } from './python/fastapi/index.js';
import { flaskDetector } from './python/flask/index.js';
import { sanicDetector } from './python/sanic/index.js';
import { starletteDetector } from './python/starlette/index.js';
import { tornadoDetector } from './python/tornado/index.js';
import type { Detector } from './types.js';

/**
 * Every endpoint detector, in one explicit map sorted by id (ESLint's rule registry, not a
 * folder scan): adding a detector is one import and one line here.
 */
export const DETECTORS: ReadonlyMap<string, Detector> = new Map<string, Detector>(
  ([
    expressDetector,
    expressWsDetector,
    fastifyDetector,
    hapiDetector,
    honoDetector,
    koaDetector,
    nestjsDetector,
    nextjsDetector,
    nodeHttpDetector,
    socketIoDetector,
    wsDetector,
    aiohttpDetector,
    channelsDetector,
    djangoDetector,
    drfDetector,
    fastapiDetector,
    flaskDetector,
    sanicDetector,
    starletteDetector,
    tornadoDetector,
  ] as Detector[]).map((detector) => [detector.id, detector] as const).sort(([a], [b]) => comparePaths(a, b)),
);

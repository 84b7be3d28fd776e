import { modulesReachingPackage } from '../../../linking/project-index.js';
import type { Value } from '../../../linking/types.js';
import type { DetectedEndpoint, Detector } from '../../types.js';
import { CallSiteIndex, findConnectionListeners } from '../realtime-shared/connection-listeners.js';

/**
 * `ws` servers: `new WebSocketServer({ path })`, `new WebSocket.Server({ ... })`. One `WS`
 * endpoint per server at its `path` option (`/` when the server answers every upgrade), its
 * handler the connection listener, its events the socket's `.on(...)` names.
 */
export const wsDetector: Detector = {
  id: 'ws',
  title: 'ws (WebSocket server)',
  language: 'js',
  enablers: ['ws'],
  detect(context) {
    const { project } = context;
    const endpoints: DetectedEndpoint[] = [];
    const calls = CallSiteIndex.of(project);
    // Only in modules from which names can reach ws can a constructor resolve to its server.
    const reaching = modulesReachingPackage(project, 'ws');
    for (const module of context.modules) {
      if (!reaching.has(module.path)) continue;
      for (const call of module.calls) {
        if (call.isNew !== true) continue;
        const binding = project.resolveExpr(call.callee, module.path, call.scope);
        if (binding.kind !== 'external' || binding.package !== 'ws' || (binding.imported !== 'WebSocketServer' && binding.imported !== 'Server')) continue;
        const options = call.args?.[0]?.value;
        const evaluated: Value | null = options ? project.evaluate(options, module.path, call.scope) : null;
        const pathValue = evaluated?.k === 'obj' ? evaluated.props.get('path') : undefined;
        let path = '/';
        let resolved = true;
        if (pathValue && pathValue.k === 'str') path = pathValue.v;
        else if (pathValue) {
          resolved = false;
          context.report({
            severity: 'warning',
            code: 'unresolved-route-part',
            message: `WebSocket server path could not be resolved statically: ${pathValue.k === 'unknown' ? pathValue.text : pathValue.k}`,
            file: module.path,
            line: call.line,
            source: 'detectors:ws',
          });
          path = '{unresolved:path}';
        }
        const listeners = findConnectionListeners(project, context.modules, { module, call }, calls);
        const listener = listeners[0];
        endpoints.push({
          method: 'WS',
          path,
          framework: 'ws',
          language: module.language,
          file: module.path,
          line: call.line,
          handler: listener?.handler ?? null,
          mountChain: [],
          resolution: resolved && listener?.handler ? 'resolved' : 'partial',
          events: [...new Set(listeners.flatMap((l) => l.events))].sort(),
          tags: ['realtime'],
        });
      }
    }
    return endpoints;
  },
};

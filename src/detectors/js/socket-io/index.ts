import type { Expr, ModuleFacts } from '../../../parsing/types.js';
import type { DetectedEndpoint, Detector } from '../../types.js';
import { exprText, modulesReachingPackage } from '../../../linking/project-index.js';
import { joinRoutePath } from '../../shared.js';
import { CallSiteIndex, findConnectionListeners, findUnattributedNamespaces, type ServerSite } from '../realtime-shared/connection-listeners.js';

const DEFAULT_PATH = '/socket.io';

/**
 * socket.io servers: `new Server(httpServer, { path })`, `require('socket.io')(server)`,
 * `socketIo(server)`. One `WS` endpoint per server and namespace, at the engine path (default
 * `/socket.io`, the namespace appended when not `/`), its handler the connection listener and
 * its events those the connection's socket subscribes to. A namespace goes only to the server
 * its `.of` is called on; one whose server cannot be followed is a diagnostic.
 */
export const socketIoDetector: Detector = {
  id: 'socket.io',
  title: 'socket.io',
  language: 'js',
  enablers: ['socket.io'],
  detect(context) {
    const { project } = context;
    const endpoints: DetectedEndpoint[] = [];
    const calls = CallSiteIndex.of(project);
    const reaching = modulesReachingPackage(project, 'socket.io');
    const servers: ServerSite[] = [];
    for (const module of context.modules) {
      for (const call of module.calls) {
        if (!isSocketIoServer(context.project, reaching, module, call.callee, call.scope, call.isNew === true)) continue;
        const site: ServerSite = { module, call };
        servers.push(site);
        const options = call.args?.find((arg) => arg.value.k === 'obj')?.value;
        const pathValue = options ? project.evaluate({ k: 'member', obj: options, prop: 'path' }, module.path, call.scope) : null;
        const enginePath = pathValue?.k === 'str' ? pathValue.v : DEFAULT_PATH;
        const listeners = findConnectionListeners(project, context.modules, site, calls);
        const base = { method: 'WS', framework: 'socket.io', language: module.language, file: module.path, line: call.line };
        if (listeners.length === 0) {
          context.report({
            severity: 'info',
            code: 'no-connection-listener',
            message: 'socket.io server without a connection listener gonogo could find; its events are unknown',
            file: module.path,
            line: call.line,
            source: 'detectors:socket.io',
          });
          endpoints.push({ ...base, path: enginePath, handler: null, mountChain: [], resolution: 'partial', events: [], tags: ['realtime'] });
          continue;
        }
        for (const listener of listeners) {
          endpoints.push({
            ...base,
            path: listener.namespace === '/' ? enginePath : joinRoutePath(enginePath, listener.namespace),
            handler: listener.handler,
            mountChain: [],
            resolution: listener.handler ? 'resolved' : 'partial',
            events: listener.events,
            tags: ['realtime'],
          });
        }
      }
    }
    for (const { namespace, server, module, line } of findUnattributedNamespaces(project, context.modules, servers, calls)) {
      context.report({
        severity: 'warning',
        code: 'unattributed-namespace',
        message: `socket.io namespace ${namespace} is on ${exprText(server)}, which gonogo could not follow to a server; its endpoint is left out`,
        file: module.path,
        line,
        source: 'detectors:socket.io',
      });
    }
    return endpoints;
  },
};

/**
 * `new Server(...)` from socket.io, or a call of the module itself (`require('socket.io')(server)`).
 * Only in modules from which names can reach socket.io (`reaching`) can a callee resolve to it.
 */
function isSocketIoServer(project: Parameters<Detector['detect']>[0]['project'], reaching: ReadonlySet<string>, module: ModuleFacts, callee: Expr, scope: number, isNew: boolean): boolean {
  if (callee.k === 'call' && callee.callee.k === 'id' && callee.callee.name === 'require') {
    const source = callee.args[0]?.value;
    return source?.k === 'str' && source.v === 'socket.io';
  }
  if (!reaching.has(module.path)) return false;
  const binding = project.resolveExpr(callee, module.path, scope);
  if (binding.kind !== 'external' || binding.package !== 'socket.io') return false;
  return binding.imported === 'Server' || (!isNew && (binding.imported === '*' || binding.imported === 'default'));
}

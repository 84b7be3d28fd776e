import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, ModuleFacts } from '../../../parsing/types.js';
import type { DetectContext, DetectedEndpoint, Detector } from '../../types.js';
import { applicationModules, placeholderEndpoint } from '../django/analyze-django.js';
import { finishPath } from '../django/django-paths.js';
import { CHANNELS_PACKAGE } from '../django/known-views.js';
import { argument, declarationOf, isFrameworkCallee, rehydrateCall } from '../django/python-names.js';
import { UrlPatternReader, type PatternItem, type PatternVisitor, type Reporter, type RouteState, type Site } from '../django/url-patterns.js';
import { resolveView } from '../django/views.js';
import { consumerHandler, groupMessageTypes, httpConsumerHandler } from './consumers.js';

/**
 * Django Channels: the `websocket` branch of each `ProtocolTypeRouter({...})` (usually in asgi.py),
 * through middleware stacks (`AuthMiddlewareStack`, `AllowedHostsOriginValidator`, the project's own)
 * down to `URLRouter(patterns)`, whose list may live in another module (`chat.routing.websocket_urlpatterns`)
 * and may nest further `URLRouter`s under a prefix. Each consumer is a `WS` endpoint tagged realtime.
 *
 * The `http` branch is read too when it is a URLRouter: its routes to the project's own HTTP
 * consumers (`AsyncHttpConsumer`, often long-polling or server-sent events) are `ALL` endpoints; routes
 * to Django itself (`get_asgi_application()`, `AsgiHandler`) are the Django detector's business.
 * Without any ProtocolTypeRouter, module-level `websocket_urlpatterns` lists are read on their own
 * (with a note).
 */
export const channelsDetector: Detector = {
  id: 'channels',
  title: 'Django Channels',
  language: 'python',
  enablers: ['channels'],
  detect: detectChannels,
};

const PROTOCOL_ROUTER = new Set(['ProtocolTypeRouter']);
const URL_ROUTER = new Set(['URLRouter']);
const MAX_UNWRAP = 12;

function detectChannels(context: DetectContext): DetectedEndpoint[] {
  const { project } = context;
  const modules = applicationModules(context.modules);
  const report: Reporter = (_framework, diagnostic) => context.report({ ...diagnostic, source: 'detectors:channels' });
  const reader = new UrlPatternReader(project, report, 'channels');
  const messageTypes = groupMessageTypes(project, modules);
  const endpoints: DetectedEndpoint[] = [];
  const visitorFor = (protocol: Protocol): PatternVisitor => ({
    view: (state, view, site) => {
      const endpoint = protocol === 'websocket' ? consumerEndpoint(project, report, messageTypes, state, view, site) : httpConsumerEndpoint(project, state, view, site);
      if (endpoint) endpoints.push(endpoint);
    },
    urls: (_state, expr, site) => report('channels', { severity: 'warning', code: 'unrecognised-url-pattern', message: `Not a consumer route: ${exprText(expr)}`, file: site.module, line: site.line }),
    externalInclude: (_state, what, _pkg, site) => report('channels', { severity: 'warning', code: 'unresolved-include', message: `Routes of an installed package cannot be read: ${what}`, file: site.module, line: site.line }),
    unresolved: (state, expr, site) => {
      const endpoint = placeholderEndpoint(state, expr, site, protocol === 'websocket' ? 'WS' : 'ALL', 'channels');
      endpoints.push(protocol === 'websocket' ? { ...endpoint, tags: ['realtime'] } : endpoint);
    },
  });
  for (const root of protocolRoots(project, modules, reader, report)) {
    reader.walk(root.items, { path: { original: '', normalized: '' }, chain: [], resolved: true }, visitorFor(root.protocol));
  }
  return endpoints;
}

type Protocol = 'websocket' | 'http';

/** The pattern lists ProtocolTypeRouters route WebSockets (and HTTP) to; the fallback lists without one. */
function protocolRoots(project: ProjectIndex, modules: readonly ModuleFacts[], reader: UrlPatternReader, report: Reporter): { protocol: Protocol; items: PatternItem[] }[] {
  const roots: { protocol: Protocol; items: PatternItem[] }[] = [];
  let routers = 0;
  for (const module of modules) {
    for (const call of module.calls) {
      if (!call.args) continue;
      const site: Site = { module: module.path, scope: call.scope, line: call.line };
      if (!isFrameworkCallee(project, call.callee, module.path, call.scope, [CHANNELS_PACKAGE], PROTOCOL_ROUTER)) continue;
      routers++;
      const mapping = argument(call.args, 0, 'application_mapping');
      for (const protocol of ['websocket', 'http'] as const) {
        const branch = mapping ? protocolBranch(project, mapping, site, protocol) : null;
        if (!branch) continue;
        // The http branch is usually Django itself; only a URLRouter there routes to consumers.
        const items = unwrapToPatterns(project, reader, protocol === 'websocket' ? report : null, branch.expr, branch.site, 0);
        if (items) roots.push({ protocol, items });
      }
    }
  }
  if (routers > 0) return roots;
  for (const module of modules) {
    if (!reader.definesList(module.path, 'websocket_urlpatterns')) continue;
    report('channels', { severity: 'info', code: 'unwired-websocket-patterns', message: 'No ProtocolTypeRouter found; websocket_urlpatterns read on its own', file: module.path });
    roots.push({ protocol: 'websocket', items: reader.listOf(module.path, 'websocket_urlpatterns') });
  }
  return roots;
}

/** The `'websocket': ...` entry of a ProtocolTypeRouter mapping (a dict literal, or a name bound to one). */
function protocolBranch(project: ProjectIndex, mapping: Expr, site: Site, protocol: string): { expr: Expr; site: Site } | null {
  if (mapping.k === 'obj') {
    const prop = mapping.props.find((p) => p.key === protocol);
    return prop ? { expr: prop.value, site } : null;
  }
  const declared = declarationOf(project, mapping, site);
  if (declared?.kind === 'value' && declared.expr.k === 'obj') return protocolBranch(project, declared.expr, { module: declared.module, scope: declared.scope, line: declared.line }, protocol);
  return null;
}

/** Peels middleware (`AuthMiddlewareStack(URLRouter(...))`, any wrapper's first argument) down to URLRouter's patterns. */
function unwrapToPatterns(project: ProjectIndex, reader: UrlPatternReader, report: Reporter | null, expr: Expr, site: Site, depth: number): PatternItem[] | null {
  if (depth <= MAX_UNWRAP) {
    if (expr.k === 'call') {
      const call = rehydrateCall(project, expr, site.module);
      if (isFrameworkCallee(project, call.callee, site.module, site.scope, [CHANNELS_PACKAGE], URL_ROUTER)) {
        const patterns = argument(call.args, 0, 'routes');
        return patterns ? reader.flatten(patterns, { ...site, line: call.line }, null) : [];
      }
      const inner = argument(call.args, 0);
      if (inner) return unwrapToPatterns(project, reader, report, inner, { ...site, line: call.line }, depth + 1);
    } else if (expr.k === 'id' || expr.k === 'member') {
      const declared = declarationOf(project, expr, site);
      if (declared?.kind === 'value') return unwrapToPatterns(project, reader, report, declared.expr, { module: declared.module, scope: declared.scope, line: declared.line }, depth + 1);
    }
  }
  report?.('channels', { severity: 'warning', code: 'unresolved-websocket-router', message: `The websocket application could not be followed to a URLRouter: ${exprText(expr)}`, file: site.module, line: site.line });
  return null;
}

function consumerEndpoint(project: ProjectIndex, report: Reporter, messageTypes: ReadonlySet<string>, state: RouteState, view: Expr, site: Site): DetectedEndpoint {
  const { target } = resolveView(project, view, site);
  const base = {
    method: 'WS',
    ...finishPath(state.path),
    framework: 'channels',
    language: 'python' as const,
    file: site.module,
    line: site.line,
    mountChain: state.chain,
    tags: ['realtime'],
  };
  if (target.kind === 'class') {
    const { handler, events } = consumerHandler(target.hierarchy, messageTypes);
    return { ...base, handler, resolution: state.resolved ? 'resolved' : 'partial', ...(events.length > 0 ? { events } : {}) };
  }
  if (target.kind === 'external-class' || target.kind === 'external') {
    report('channels', { severity: 'info', code: 'external-view', message: `The consumer is ${target.name} (package ${target.pkg}), outside the repository`, file: site.module, line: site.line });
    return { ...base, handler: null, resolution: state.resolved ? 'resolved' : 'partial' };
  }
  const reason = target.kind === 'unknown' ? target.reason : 'a function, not a consumer class';
  report('channels', { severity: 'warning', code: 'unresolved-view', message: `Consumer could not be resolved statically (${reason}): ${exprText(view)}`, file: site.module, line: site.line });
  return { ...base, handler: null, resolution: state.resolved ? 'partial' : 'unresolved' };
}

/** An HTTP consumer of the project (`AsyncHttpConsumer`): any method, handled by `handle`. Django's own handler is skipped. */
function httpConsumerEndpoint(project: ProjectIndex, state: RouteState, view: Expr, site: Site): DetectedEndpoint | null {
  const { target } = resolveView(project, view, site);
  if (target.kind !== 'class') return null;
  return {
    method: 'ALL',
    ...finishPath(state.path),
    framework: 'channels',
    language: 'python',
    file: site.module,
    line: site.line,
    handler: httpConsumerHandler(target.hierarchy),
    mountChain: state.chain,
    resolution: state.resolved ? 'resolved' : 'partial',
  };
}

import type { Diagnostic, Severity } from '../../src/diagnostics.js';
import { runDetectors, type DetectionResult } from '../../src/detectors/run-detectors.js';
import type { DetectedEndpoint, Detector, HandlerRef, MountStep } from '../../src/detectors/types.js';
import type { PackageManifest } from '../../src/linking/types.js';
import { buildTestProject } from './build-project.js';

/*
 * Detector tests compare what a detector found in one of three forms, so that an expected list
 * reads as a table and a failing test shows which column moved:
 * - rows (`endpointRows`), arrays of plain values, for the Node detectors, Flask and Tornado;
 * - lines (`endpointLines`), one `|`-separated string per endpoint, for FastAPI, Starlette, aiohttp and Sanic;
 * - whole `DetectedEndpoint` objects built with `handler` and `pythonEndpoint`, for Django, DRF and Channels.
 * Spans are written `name file:startLine-endLine`, mount steps `prefix file:line`, registrations `file:line`.
 */

const span = (ref: HandlerRef): string => `${ref.name} ${ref.file}:${ref.startLine}-${ref.endLine}`;
const mountStep = (step: MountStep): string => `${step.prefix} ${step.file}:${step.line}`;

/**
 * One endpoint as a row: method, path, registration, handler and its span (null for none),
 * mount chain from the outermost prefix, resolution, middleware with spans.
 */
export type EndpointRow = [
  method: string,
  path: string,
  registration: string,
  handler: string | null,
  mountChain: string[],
  resolution: string,
  middleware: string[],
];

export function endpointRow(e: DetectedEndpoint): EndpointRow {
  return [e.method, e.path, `${e.file}:${e.line}`, e.handler ? span(e.handler) : null, e.mountChain.map(mountStep), e.resolution, (e.middleware ?? []).map(span)];
}

/** Columns some detectors' rows add to `EndpointRow`. */
export interface RowColumns {
  /** After the path: the path as written in the source, or null where normalising left it alone (Python route syntaxes). */
  originalPath?: boolean;
  /** Last: `generated` and the endpoint's tags, joined by spaces; '' for none. */
  flags?: boolean;
}

export function endpointRows(endpoints: readonly DetectedEndpoint[]): EndpointRow[];
export function endpointRows(endpoints: readonly DetectedEndpoint[], columns: RowColumns): unknown[][];
export function endpointRows(endpoints: readonly DetectedEndpoint[], columns: RowColumns = {}): unknown[][] {
  return endpoints.map((e) => {
    const [method, path, ...rest] = endpointRow(e);
    const originalPath = columns.originalPath ? [e.originalPath ?? null] : [];
    const flags = columns.flags ? [[...(e.generated ? ['generated'] : []), ...(e.tags ?? [])].join(' ')] : [];
    return [method, path, ...originalPath, ...rest, ...flags];
  });
}

export interface LineOptions {
  /** Writes `generated` for endpoints the framework adds itself (default true). */
  generated?: boolean;
  /**
   * `spans` (default) lists the middleware with their spans; `presence` writes the bare word, for
   * detectors whose tests only check that no middleware is reported.
   */
  middleware?: 'spans' | 'presence';
}

/**
 * One endpoint as a line: method and path | registration | handler and span | mount chain joined
 * by ` > ` | resolution, then whatever else it carries (original path, generated, tags,
 * middleware). A missing handler or an empty chain is `-`.
 */
export function endpointLine(e: DetectedEndpoint, options: LineOptions = {}): string {
  const { generated = true, middleware = 'spans' } = options;
  const extra = [
    e.originalPath ? `original ${e.originalPath}` : '',
    generated && e.generated ? 'generated' : '',
    e.tags ? `tags ${e.tags.join(',')}` : '',
    e.middleware ? (middleware === 'spans' ? `middleware ${e.middleware.map(span).join(', ')}` : 'middleware') : '',
  ].filter(Boolean);
  const chain = e.mountChain.map(mountStep).join(' > ') || '-';
  return [`${e.method} ${e.path}`, `${e.file}:${e.line}`, e.handler ? span(e.handler) : '-', chain, e.resolution, ...extra].join(' | ');
}

export function endpointLines(endpoints: readonly DetectedEndpoint[], options: LineOptions = {}): string[] {
  return endpoints.map((e) => endpointLine(e, options));
}

/** One diagnostic per line: `file:line severity code message`. */
export function diagnosticLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.code} ${d.message}`);
}

/** Builds the diagnostics one detector is expected to report; most are warnings, so that is the default. */
export function diagnosticFrom(detectorId: string) {
  return (code: string, message: string, file: string, line: number, severity: Severity = 'warning'): Diagnostic => ({ severity, code, message, file, line, source: `detectors:${detectorId}` });
}

export function handler(name: string, file: string, startLine: number, endLine: number, fnId?: number): HandlerRef {
  return { name, file, startLine, endLine, ...(fnId !== undefined ? { fnId } : {}) };
}

/** An expected Python endpoint, resolved unless `extra` says otherwise; the chain as `[prefix, file, line]` steps. */
export function pythonEndpoint(
  framework: string,
  method: string,
  path: string,
  file: string,
  line: number,
  handlerRef: HandlerRef | null,
  chain: [string, string, number][],
  extra: Partial<DetectedEndpoint> = {},
): DetectedEndpoint {
  const mountChain: MountStep[] = chain.map(([prefix, stepFile, stepLine]) => ({ prefix, file: stepFile, line: stepLine }));
  return { method, path, framework, language: 'python', file, line, handler: handlerRef, mountChain, resolution: 'resolved', ...extra };
}

/** A root package.json declaring these dependencies: detectors switch on by what a project depends on. */
export function npmPackage(dependencies: Record<string, string>): PackageManifest {
  return { dir: '', file: 'package.json', ecosystem: 'npm', dependencies, devDependencies: {} };
}

/** A root requirements.txt declaring these dependencies. */
export function pypiRequirements(dependencies: Record<string, string>): PackageManifest {
  return { dir: '', file: 'requirements.txt', ecosystem: 'pypi', dependencies, devDependencies: {} };
}

/** Runs only the given detectors, in that order, on in-memory sources with these manifests. */
export function detectWith(detectors: Detector | readonly Detector[], files: Record<string, string>, manifests: PackageManifest[] = []): DetectionResult {
  const list = Array.isArray(detectors) ? detectors : [detectors];
  return runDetectors(buildTestProject(files, { manifests }), new Map(list.map((detector) => [detector.id, detector])));
}

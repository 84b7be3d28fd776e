import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { resolveAnalyzeOptions } from '../../config/resolve-options.js';
import { EndpointNotFoundError } from '../../errors.js';
import { analyzeRepository } from '../../pipeline/analyze-repository.js';
import type { AnalysisResult, Endpoint } from '../../result/types.js';
import { writeStdout } from '../io.js';
import { createProgressDisplay } from '../progress.js';
import { readToolVersion } from '../version.js';
import { addAnalysisFlags, readOptionFlags } from './shared-flags.js';

/** Longest source line quoted under a chain step; longer lines are cut with an ellipsis. */
const MAX_QUOTE = 110;
const MAX_NEAR_MATCHES = 5;

/**
 * `gonogo explain <repo> <METHOD> <path>`: the whole classification of one endpoint, every
 * evidence chain step by step with the source line it points at, read from disk.
 */
export function registerExplainCommand(program: Command): void {
  const command = program
    .command('explain')
    .description('show why an endpoint got its label: every call chain down to each I/O or CPU sink, with the source lines')
    .argument('<repo>', 'repository folder')
    .argument('<method>', 'HTTP method (GET, POST...), WS for a WebSocket endpoint, ALL')
    .argument('<path>', 'the endpoint path exactly as gonogo reports it, e.g. /api/v1/users/:id')
    .option('--json', 'print the matching endpoints as JSON instead of text');
  addAnalysisFlags(command).action(async (repo: string, method: string, endpointPath: string, raw: Record<string, unknown>) => {
    const { options } = await resolveAnalyzeOptions(repo, readOptionFlags(raw));
    const progress = createProgressDisplay(process.stderr, raw.quiet !== true);
    let result: AnalysisResult;
    try {
      ({ result } = await analyzeRepository(options, { onProgress: (p) => progress.update(p) }, readToolVersion()));
    } finally {
      progress.stop();
    }
    const matches = findEndpoints(result, method, endpointPath);
    if (raw.json === true) {
      await writeStdout(`${JSON.stringify(matches, null, 2)}\n`);
      return;
    }
    await writeStdout(formatExplanation(matches, createSourceReader(options.root)));
  });
}

/** The endpoints with exactly this method and path (several services may share one); an error naming near matches otherwise. */
export function findEndpoints(result: AnalysisResult, method: string, endpointPath: string): Endpoint[] {
  const wanted = method.toUpperCase();
  const matches = result.endpoints.filter((e) => e.method === wanted && e.path === endpointPath);
  if (matches.length > 0) return matches;
  const near = nearMatches(result.endpoints, wanted, endpointPath);
  const hint = near.length > 0 ? `; near matches: ${near.map((e) => `${e.method} ${e.path}`).join(', ')}` : result.endpoints.length === 0 ? '; the repository has no endpoints gonogo recognises' : '';
  throw new EndpointNotFoundError(`no endpoint ${wanted} ${endpointPath} in ${result.repository}${hint}`);
}

/** Same path with another method first, then paths closest by edit distance (params and case ignored). */
function nearMatches(endpoints: readonly Endpoint[], method: string, endpointPath: string): Endpoint[] {
  const normalise = (p: string): string => p.toLowerCase().replace(/\{([^}]+)\}/g, ':$1').replace(/\/+$/, '');
  const target = normalise(endpointPath);
  const scored = endpoints.map((endpoint) => {
    const candidate = normalise(endpoint.path);
    const distance = candidate === target ? 0 : editDistance(candidate, target);
    return { endpoint, score: distance * 2 + (endpoint.method === method ? 0 : 1) };
  });
  const limit = Math.max(3, Math.floor(target.length / 3)) * 2 + 1;
  const seen = new Set<string>();
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score || a.endpoint.path.localeCompare(b.endpoint.path) || a.endpoint.method.localeCompare(b.endpoint.method))
    .map((s) => s.endpoint)
    .filter((e) => {
      const key = `${e.method} ${e.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_NEAR_MATCHES);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Reads one source line (1-based) of a repository file; null when the file or line is not there. */
export type SourceReader = (file: string, line: number) => string | null;

export function createSourceReader(root: string): SourceReader {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    let lines = cache.get(file);
    if (lines === undefined) {
      try {
        lines = readFileSync(path.join(root, file), 'utf8').split(/\r?\n/);
      } catch {
        lines = null;
      }
      cache.set(file, lines);
    }
    return lines?.[line - 1] ?? null;
  };
}

/** The explanation as plain text: a pure function of the endpoints and the source lines. */
export function formatExplanation(endpoints: readonly Endpoint[], readSource: SourceReader): string {
  return endpoints.map((endpoint) => formatOne(endpoint, readSource)).join('\n');
}

function formatOne(endpoint: Endpoint, readSource: SourceReader): string {
  const c = endpoint.classification;
  const out: string[] = [];
  out.push(`${endpoint.method} ${endpoint.path}  (${endpoint.framework}, registered at ${endpoint.file}:${endpoint.line})`);
  if (endpoint.handler) out.push(`  handler     ${endpoint.handler.name}  ${endpoint.handler.file}:${endpoint.handler.startLine}-${endpoint.handler.endLine}`);
  for (const ref of endpoint.middleware ?? []) out.push(`  middleware  ${ref.name}  ${ref.file}:${ref.startLine}-${ref.endLine}`);
  out.push(`  kind        ${c.kind}${c.overriddenBy ? ' (set by a review decision)' : ''}`);
  out.push(`  tags        ${c.tags.length > 0 ? c.tags.join(', ') : '-'}`);
  out.push(`  confidence  ${c.confidence.toFixed(2)}`);
  for (const note of c.confidenceNotes) out.push(`              - ${note}`);
  out.push(`  reason      ${c.reason}`);
  out.push(`  lines       ${c.reachedLines} reached, ${c.ownedLines} reached by this endpoint alone`);
  out.push('');
  if (c.evidence.length === 0) {
    out.push('  no evidence: no I/O or CPU sink was reached');
    return `${out.join('\n')}\n`;
  }
  out.push(`  evidence (${c.evidence.length}, strongest first)`);
  c.evidence.forEach((item, index) => {
    const flags = [
      item.inLoop ? 'in a loop' : null,
      item.syncOnEventLoop ? 'blocks the event loop' : null,
      item.offloaded ? 'offloaded' : null,
      item.heuristic ? 'matched by name only' : null,
      item.tag ?? null,
    ].filter((f): f is string => f !== null);
    out.push(`  ${String(index + 1).padStart(2)}. ${item.kind}  weight ${item.weight}  ${item.signal} (${item.package})${flags.length > 0 ? `  [${flags.join(', ')}]` : ''}`);
    out.push(`      ${item.reason}`);
    for (const step of item.chain) {
      out.push(`      ${`${step.file}:${step.line}`.padEnd(48)} ${step.name}`);
      const source = readSource(step.file, step.line);
      if (source !== null && source.trim() !== '') out.push(`          ${quote(source)}`);
    }
  });
  return `${out.join('\n')}\n`;
}

function quote(line: string): string {
  const text = line.trim();
  return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text;
}

import type { Language } from '../../src/discovery/types.js';
import type { ModuleFacts } from '../../src/parsing/types.js';
import type { PackageManifest } from '../../src/linking/types.js';
import type { Classification, Evidence, Kind, Tag } from '../../src/classification/types.js';
import type { EstimatedEndpointInput, EstimateInput } from '../../src/estimation/estimate-rewrite.js';

/**
 * Builders for the facts the estimate reads. Defaults are "neutral": TypeScript with half its
 * parameters annotated and no `any` (the loose-typing baseline), nothing dynamic, no hotspots.
 */

export function makeModule(path: string, code: number, overrides: Partial<ModuleFacts> = {}): ModuleFacts {
  const language: Language = path.endsWith('.py') ? 'python' : path.endsWith('.js') ? 'javascript' : 'typescript';
  return {
    path,
    language,
    grammar: language === 'python' ? 'python' : language === 'javascript' ? 'javascript' : 'typescript',
    isTest: false,
    measures: { code, comment: 0, blank: 0 },
    imports: [],
    exports: [],
    functions: [],
    classes: [],
    calls: [],
    assignments: [],
    loops: [],
    typing: { anyCount: 0, annotatedParams: 5, totalParams: 10, ignoreComments: 0 },
    ...overrides,
  };
}

/** `count` neutral TypeScript modules of `linesEach` lines under `folder`. */
export function makeNeutralModules(count: number, linesEach: number, folder = 'src'): ModuleFacts[] {
  return Array.from({ length: count }, (_, i) => makeModule(`${folder}/m${String(i).padStart(3, '0')}.ts`, linesEach));
}

export function makeManifest(
  dir: string,
  ecosystem: 'npm' | 'pypi',
  dependencies: string[],
  devDependencies: string[] = [],
): PackageManifest {
  const file = `${dir ? `${dir}/` : ''}${ecosystem === 'npm' ? 'package.json' : 'requirements.txt'}`;
  return {
    dir,
    file,
    ecosystem,
    dependencies: Object.fromEntries(dependencies.map((name) => [name, '*'])),
    devDependencies: Object.fromEntries(devDependencies.map((name) => [name, '*'])),
  };
}

export function makeEvidence(overrides: Partial<Evidence> & Pick<Evidence, 'signal' | 'kind' | 'package'>): Evidence {
  return {
    file: 'src/handler.ts',
    line: 10,
    inLoop: false,
    weight: 1,
    reason: 'test evidence',
    chain: [],
    ...overrides,
  };
}

export interface EndpointSpec {
  method?: string;
  path: string;
  file?: string;
  language?: Language;
  kind: Kind;
  tags?: Tag[];
  confidence?: number;
  evidence?: Evidence[];
  ownedLines?: number;
  reachedLines?: number;
  handlerName?: string;
  generated?: boolean;
}

export function makeEndpoint(spec: EndpointSpec): EstimatedEndpointInput {
  const method = spec.method ?? 'GET';
  const file = spec.file ?? 'src/routes.ts';
  const language = spec.language ?? (file.endsWith('.py') ? 'python' : 'typescript');
  const classification: Classification = {
    kind: spec.kind,
    tags: spec.tags ?? [],
    confidence: spec.confidence ?? 1,
    confidenceNotes: [],
    evidence: spec.evidence ?? [],
    reachedLines: spec.reachedLines ?? spec.ownedLines ?? 0,
    ownedLines: spec.ownedLines ?? 0,
    reason: `${spec.kind} for the test`,
  };
  return {
    method,
    path: spec.path,
    framework: language === 'python' ? 'fastapi' : 'express',
    language,
    file,
    line: 1,
    handler: spec.handlerName ? { name: spec.handlerName, file, startLine: 1, endLine: 5 } : null,
    mountChain: [],
    resolution: 'resolved',
    ...(spec.generated ? { generated: true } : {}),
    key: `${method} ${spec.path} ${file}`,
    classification,
  };
}

export function makeInput(overrides: Partial<EstimateInput> = {}): EstimateInput {
  return { modules: [], manifests: [], endpoints: [], infra: {}, team: {}, ...overrides };
}

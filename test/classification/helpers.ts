import type { DetectedEndpoint } from '../../src/detectors/types.js';
import type { ProjectIndex } from '../../src/linking/types.js';
import { classifyEndpoints, functionName, type ClassifyOutput } from '../../src/classification/classify-endpoints.js';
import { buildTestProject } from '../helpers/build-project.js';

export interface HandlerSpec {
  method?: string;
  path?: string;
  file: string;
  /** Function name, or `Class.method`. */
  handler: string;
  middleware?: { file: string; name: string }[];
  tags?: string[];
}

/** A hand-made endpoint pointing at a named function, as a detector would report it. */
export function endpointFor(project: ProjectIndex, spec: HandlerSpec): DetectedEndpoint {
  const ref = (file: string, name: string) => {
    const module = project.modules.get(file);
    if (!module) throw new Error(`no module ${file}`);
    const fn = module.functions.find((f) => functionName(module, f) === name);
    if (!fn) throw new Error(`no function ${name} in ${file}`);
    return { name, file, startLine: fn.span.startLine, endLine: fn.span.endLine, fnId: fn.id };
  };
  const handler = ref(spec.file, spec.handler);
  const language = project.modules.get(spec.file)!.language;
  return {
    method: spec.method ?? 'GET',
    path: spec.path ?? '/',
    framework: 'test',
    language,
    file: spec.file,
    line: handler.startLine,
    handler,
    mountChain: [],
    resolution: 'resolved',
    ...(spec.middleware ? { middleware: spec.middleware.map((m) => ref(m.file, m.name)) } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
  };
}

export function classifySources(files: Record<string, string>, specs: HandlerSpec[]): ClassifyOutput {
  const project = buildTestProject(files);
  return classifyEndpoints({ project, endpoints: specs.map((spec) => endpointFor(project, spec)) });
}

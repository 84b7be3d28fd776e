import { comparePaths } from '../discovery/compare-paths.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { ManifestFile } from '../discovery/types.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PackageManifest } from './types.js';

export interface TsConfigInfo {
  /** Folder of the tsconfig, relative POSIX. */
  dir: string;
  /** Absolute-in-repo (relative POSIX) base for `paths`, when baseUrl or paths is set. */
  baseUrl: string | null;
  paths: Record<string, string[]>;
  strict: boolean | null;
}

/**
 * A folder a code generator fills at install or build time (and .gitignore usually hides): what
 * the code imports from it is that package's API. Prisma's `prisma-client` generator writes the
 * client to the `output` its schema names (`import { PrismaClient } from './generated/prisma/client'`).
 */
export interface GeneratedClient {
  /** The folder, relative POSIX. */
  dir: string;
  /** The package whose API the folder holds. */
  package: string;
  /** The file that says so. */
  source: string;
}

export interface ManifestData {
  manifests: PackageManifest[];
  tsconfigs: TsConfigInfo[];
  generatedClients: GeneratedClient[];
  diagnostics: Diagnostic[];
}

/** Reads package.json, requirements, pyproject, setup.cfg, Pipfile and tsconfig files. A bad one is a diagnostic, not a crash. */
export async function readManifests(files: readonly ManifestFile[]): Promise<ManifestData> {
  const manifests: PackageManifest[] = [];
  const rawTsconfigs = new Map<string, { dir: string; json: Record<string, unknown> }>();
  const generatedClients: GeneratedClient[] = [];
  const diagnostics: Diagnostic[] = [];
  await Promise.all(
    files.map(async (file) => {
      let text: string;
      try {
        text = await readFile(file.absolutePath, 'utf8');
      } catch {
        diagnostics.push({ severity: 'warning', code: 'unreadable-manifest', message: `cannot read ${file.path}`, file: file.path, source: 'linking' });
        return;
      }
      const dir = posixDir(file.path);
      try {
        switch (file.kind) {
          case 'package.json':
            manifests.push(readPackageJson(file.path, dir, text));
            break;
          case 'tsconfig':
            rawTsconfigs.set(file.path, { dir, json: parseJsonc(text) as Record<string, unknown> });
            break;
          case 'requirements':
            manifests.push(pypiManifest(file.path, requirementsRoot(file.path), readRequirements(text), {}));
            break;
          case 'pyproject':
            manifests.push(readPyproject(file.path, dir, text));
            break;
          case 'setup.cfg':
            manifests.push(pypiManifest(file.path, dir, readSetupCfg(text), {}));
            break;
          case 'pipfile': {
            const toml = parseToml(text) as Record<string, Record<string, unknown> | undefined>;
            manifests.push(pypiManifest(file.path, dir, stringRecord(toml.packages), stringRecord(toml['dev-packages'])));
            break;
          }
          case 'setup.py':
            manifests.push(pypiManifest(file.path, dir, readSetupPy(text), {}));
            break;
          case 'prisma-schema':
            generatedClients.push(...readPrismaGenerators(file.path, dir, text));
            break;
        }
      } catch (error) {
        diagnostics.push({
          severity: 'warning',
          code: 'invalid-manifest',
          message: `cannot read ${file.path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          file: file.path,
          source: 'linking',
        });
      }
    }),
  );
  manifests.sort((a, b) => comparePaths(a.file, b.file));
  generatedClients.sort((a, b) => comparePaths(a.dir, b.dir) || comparePaths(a.source, b.source));
  return { manifests, tsconfigs: resolveTsconfigs(rawTsconfigs), generatedClients, diagnostics };
}

/**
 * `generator client { provider = "prisma-client" output = "../src/generated/prisma" }`: the
 * client's folder, relative to the schema's. A generator without an output writes into
 * node_modules, where `@prisma/client` already finds it; an output read from the environment
 * cannot be known.
 */
export function readPrismaGenerators(file: string, dir: string, text: string): GeneratedClient[] {
  const clients: GeneratedClient[] = [];
  const code = text.replace(/\/\/[^\n]*/g, '');
  for (const block of code.matchAll(/\bgenerator\s+\w+\s*\{([^}]*)\}/g)) {
    const provider = /\bprovider\s*=\s*"([^"]+)"/.exec(block[1]!)?.[1];
    const output = /\boutput\s*=\s*"([^"]+)"/.exec(block[1]!)?.[1];
    if ((provider !== 'prisma-client' && provider !== 'prisma-client-js') || output === undefined) continue;
    const target = path.posix.normalize(path.posix.join(dir, output.replace(/\\/g, '/')));
    // Outside the repository, or the repository itself: nothing to tell apart.
    if (target === '.' || target.startsWith('..') || path.posix.isAbsolute(target)) continue;
    clients.push({ dir: target.replace(/\/$/, ''), package: '@prisma/client', source: file });
  }
  return clients;
}

function posixDir(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '.' ? '' : dir;
}

/** `requirements/base.txt` describes the project one level up. */
function requirementsRoot(file: string): string {
  const dir = posixDir(file);
  return path.posix.basename(dir) === 'requirements' ? posixDir(dir) : dir;
}

function readPackageJson(file: string, dir: string, text: string): PackageManifest {
  const json = JSON.parse(text) as Record<string, unknown>;
  const manifest: PackageManifest = {
    dir,
    file,
    ecosystem: 'npm',
    dependencies: { ...stringRecord(json.dependencies), ...stringRecord(json.peerDependencies) },
    devDependencies: stringRecord(json.devDependencies),
  };
  if (typeof json.name === 'string') manifest.name = json.name;
  return manifest;
}

function pypiManifest(file: string, dir: string, dependencies: Record<string, string>, devDependencies: Record<string, string>): PackageManifest {
  return { dir, file, ecosystem: 'pypi', dependencies, devDependencies };
}

/** PEP 503 normalised name: `Flask_RESTful` and `flask-restful` are one package. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function splitRequirement(spec: string): [string, string] | null {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(spec);
  if (!match) return null;
  return [normalizePypiName(match[1]!), (match[3] ?? '').split(';')[0]!.trim()];
}

function readRequirements(text: string): Record<string, string> {
  const deps: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith('-')) continue;
    const parsed = splitRequirement(line);
    if (parsed) deps[parsed[0]] = parsed[1];
  }
  return deps;
}

function readPyproject(file: string, dir: string, text: string): PackageManifest {
  const toml = parseToml(text) as Record<string, unknown>;
  const deps: Record<string, string> = {};
  const dev: Record<string, string> = {};
  const project = toml.project as Record<string, unknown> | undefined;
  for (const spec of asStringArray(project?.dependencies)) {
    const parsed = splitRequirement(spec);
    if (parsed) deps[parsed[0]] = parsed[1];
  }
  const optional = project?.['optional-dependencies'] as Record<string, unknown> | undefined;
  for (const group of Object.values(optional ?? {})) {
    for (const spec of asStringArray(group)) {
      const parsed = splitRequirement(spec);
      if (parsed) dev[parsed[0]] = parsed[1];
    }
  }
  const poetry = (toml.tool as Record<string, Record<string, unknown>> | undefined)?.poetry;
  for (const [name, version] of Object.entries(stringRecord(poetry?.dependencies))) if (name.toLowerCase() !== 'python') deps[normalizePypiName(name)] = version;
  for (const [name, version] of Object.entries(stringRecord(poetry?.['dev-dependencies']))) dev[normalizePypiName(name)] = version;
  const groups = poetry?.group as Record<string, { dependencies?: unknown }> | undefined;
  for (const group of Object.values(groups ?? {})) {
    for (const [name, version] of Object.entries(stringRecord(group.dependencies))) dev[normalizePypiName(name)] = version;
  }
  const manifest = pypiManifest(file, dir, deps, dev);
  if (typeof project?.name === 'string') manifest.name = project.name;
  return manifest;
}

function readSetupCfg(text: string): Record<string, string> {
  const deps: Record<string, string> = {};
  const match = /install_requires\s*=\s*((?:\n[ \t]+.*)+|.*)/.exec(text);
  if (!match) return deps;
  for (const line of match[1]!.split('\n')) {
    const parsed = splitRequirement(line.trim());
    if (parsed && line.trim()) deps[parsed[0]] = parsed[1];
  }
  return deps;
}

/** Only literal `install_requires=[...]` lists: setup.py is never executed. */
function readSetupPy(text: string): Record<string, string> {
  const deps: Record<string, string> = {};
  const match = /install_requires\s*=\s*\[([^\]]*)\]/.exec(text);
  if (!match) return deps;
  for (const literal of match[1]!.matchAll(/["']([^"']+)["']/g)) {
    const parsed = splitRequirement(literal[1]!);
    if (parsed) deps[parsed[0]] = parsed[1];
  }
  return deps;
}

function stringRecord(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!value || typeof value !== 'object') return result;
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    result[key] = typeof entry === 'string' ? entry : typeof entry === 'object' && entry && 'version' in entry ? String((entry as { version: unknown }).version) : '*';
  }
  return result;
}

function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** tsconfig.json allows comments and trailing commas; strip them outside strings, then JSON.parse. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** Applies `extends` chains between the repository's own tsconfigs (package presets are not read). */
function resolveTsconfigs(raw: Map<string, { dir: string; json: Record<string, unknown> }>): TsConfigInfo[] {
  const result: TsConfigInfo[] = [];
  const options = (file: string, seen: Set<string>): { baseUrl?: string; baseDir: string; paths?: Record<string, string[]>; strict?: boolean } => {
    const entry = raw.get(file);
    if (!entry || seen.has(file)) return { baseDir: entry?.dir ?? '' };
    seen.add(file);
    let inherited: ReturnType<typeof options> = { baseDir: entry.dir };
    const ext = entry.json.extends;
    if (typeof ext === 'string' && ext.startsWith('.')) {
      let parent = path.posix.normalize(path.posix.join(entry.dir, ext));
      if (!parent.endsWith('.json')) parent += '.json';
      inherited = options(parent, seen);
    }
    const compilerOptions = (entry.json.compilerOptions ?? {}) as Record<string, unknown>;
    const merged = { ...inherited };
    if (typeof compilerOptions.baseUrl === 'string') {
      merged.baseUrl = compilerOptions.baseUrl;
      merged.baseDir = entry.dir;
    }
    if (compilerOptions.paths && typeof compilerOptions.paths === 'object') {
      merged.paths = compilerOptions.paths as Record<string, string[]>;
      if (typeof compilerOptions.baseUrl !== 'string') merged.baseDir = entry.dir;
    }
    if (typeof compilerOptions.strict === 'boolean') merged.strict = compilerOptions.strict;
    return merged;
  };
  for (const [file, entry] of raw) {
    const merged = options(file, new Set());
    const base = merged.baseUrl !== undefined || merged.paths ? path.posix.normalize(path.posix.join(merged.baseDir, merged.baseUrl ?? '.')) : null;
    result.push({ dir: entry.dir, baseUrl: base === '.' ? '' : base, paths: merged.paths ?? {}, strict: merged.strict ?? null });
  }
  return result.sort((a, b) => b.dir.length - a.dir.length || comparePaths(a.dir, b.dir));
}

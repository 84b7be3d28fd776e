import { constants as fsConstants, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { ConfigError, InputPathError } from '../errors.js';
import { CONFIG_JSON_SCHEMA } from './config-schema.js';
import type { AnalyzeOptions, ConfigFile } from './types.js';

export const CONFIG_FILE_NAME = 'gonogo.config.json';
export const DEFAULT_MAX_FILE_KB = 1024;

/** Flag values as the CLI parsed them; undefined means "not given". */
export interface OptionFlags {
  config?: string;
  include?: string[];
  exclude?: string[];
  maxFileSizeKb?: number;
  workers?: number;
  /** Skip gonogo.review.json. */
  noReview?: boolean;
  /** Facts only: no TypeScript checker. */
  noTypeAware?: boolean;
}

/**
 * Resolves options once: defaults, then gonogo.config.json (at the root, or --config), then flags.
 * The repository path is checked here, so every command fails the same clear way on bad input.
 */
export async function resolveAnalyzeOptions(rootArgument: string, flags: OptionFlags): Promise<{ options: AnalyzeOptions; config: ConfigFile; configPath: string | null }> {
  const root = await checkRepositoryPath(rootArgument);
  const { config, configPath } = await loadConfig(root, flags.config);
  const maxFileSizeKb = flags.maxFileSizeKb ?? config.maxFileSizeKb ?? DEFAULT_MAX_FILE_KB;
  if (!Number.isInteger(maxFileSizeKb) || maxFileSizeKb < 1) throw new ConfigError(`--max-file-size must be a whole number of KB above 0 (got ${maxFileSizeKb})`);
  const workers = flags.workers ?? config.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0) throw new ConfigError(`--workers must be a whole number from 0 (got ${workers})`);
  return {
    options: {
      root,
      include: flags.include ?? config.include ?? [],
      exclude: flags.exclude ?? config.exclude ?? [],
      maxFileBytes: maxFileSizeKb * 1024,
      workers,
      assumptions: config.assumptions ?? {},
      infra: config.infra ?? {},
      team: config.team ?? {},
      gates: config.gates ?? {},
      applyReview: !flags.noReview,
      typeAware: flags.noTypeAware ? false : (config.typeAware ?? true),
    },
    config,
    configPath,
  };
}

export async function checkRepositoryPath(rootArgument: string): Promise<string> {
  const root = path.resolve(rootArgument);
  let stats;
  try {
    stats = await fs.stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputPathError(`${rootArgument}: no such file or directory`);
    if (code === 'ELOOP') throw new InputPathError(`${rootArgument}: too many levels of symbolic links`);
    throw new InputPathError(`${rootArgument}: cannot access (${code ?? 'error'})`);
  }
  if (!stats.isDirectory()) throw new InputPathError(`${rootArgument}: not a directory (gonogo analyzes a repository folder)`);
  try {
    await fs.access(root, fsConstants.R_OK | fsConstants.X_OK);
    await fs.readdir(root);
  } catch (error) {
    throw new InputPathError(`${rootArgument}: cannot read the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return fs.realpath(root);
}

async function loadConfig(root: string, explicit: string | undefined): Promise<{ config: ConfigFile; configPath: string | null }> {
  const configPath = explicit !== undefined ? path.resolve(explicit) : path.join(root, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await fs.readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicit === undefined && code === 'ENOENT') return { config: {}, configPath: null };
    throw new ConfigError(`cannot read config ${explicit ?? configPath}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'error')}`);
  }
  const label = explicit ?? CONFIG_FILE_NAME;
  return { config: parseConfig(text, label), configPath };
}

/** Parses and validates config text; errors name the file, the key and, for bad JSON, the line. */
export function parseConfig(text: string, label: string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : null;
    throw new ConfigError(`${label}: invalid JSON${line ? ` at line ${line}` : ''}: ${message.replace(/^.*?:\s*/, '')}`);
  }
  const validate = new Ajv({ allErrors: false, strict: false }).compile(CONFIG_JSON_SCHEMA);
  if (!validate(json)) throw new ConfigError(`${label}: ${describeSchemaError(validate.errors?.[0])}`);
  return json as ConfigFile;
}

/** One readable sentence from an ajv error: which key, what is wrong with it. */
export function describeSchemaError(error: ErrorObject | undefined | null): string {
  if (!error) return 'invalid';
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${error.instancePath ? `${where}.` : ''}${(error.params as { additionalProperty: string }).additionalProperty}"`;
    case 'type':
      return `"${where}" must be ${(error.params as { type: string }).type}`;
    case 'enum':
      return `"${where}" must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `"${where}" ${error.message ?? 'is invalid'}`;
  }
}

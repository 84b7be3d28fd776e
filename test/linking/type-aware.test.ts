import { describe, expect, it } from 'vitest';
import { classifyEndpoints, type ClassifyOutput } from '../../src/classification/classify-endpoints.js';
import { TypeAwareResolver } from '../../src/linking/type-aware/type-aware-resolver.js';
import type { TypeAwareOptions } from '../../src/linking/type-aware/types.js';
import { endpointFor, type HandlerSpec } from '../classification/helpers.js';
import { buildTestProject } from '../helpers/build-project.js';

/**
 * The resolver on code given in memory: the sources the facts are extracted from, plus files
 * only the checker reads (declarations in node_modules).
 */
function classifyWithTypes(
  sources: Record<string, string>,
  specs: HandlerSpec[],
  extra: Record<string, string> = {},
  limits: Partial<TypeAwareOptions> = {},
): { output: ClassifyOutput; resolver: TypeAwareResolver; project: ReturnType<typeof buildTestProject> } {
  const project = buildTestProject(sources);
  const resolver = new TypeAwareResolver(project, { root: '/repo', files: { ...sources, ...extra }, ...limits });
  const output = classifyEndpoints({ project, endpoints: specs.map((spec) => endpointFor(project, spec)), typeAware: resolver });
  return { output, resolver, project };
}

function chains(output: ClassifyOutput, index = 0): [string, number, string[]][] {
  return output.classifications[index]!.evidence.map((e) => [e.signal, e.line, e.chain.map((step) => `${step.name} @${step.file}:${step.line}`)]);
}

/** What the checker answered for each call of a module that it was asked about, by line and callee. */
function answersIn(resolver: TypeAwareResolver, project: ReturnType<typeof buildTestProject>, module: string): unknown[] {
  return project.modules.get(module)!.calls.flatMap((call) => {
    const answer = resolver.lookup(module, call);
    return answer ? [[call.line, answer]] : [];
  });
}

const TYPEORM = {
  'node_modules/typeorm/package.json': JSON.stringify({ name: 'typeorm', version: '0.3.20', types: 'index.d.ts' }),
  'node_modules/typeorm/index.d.ts': [
    "export * from './repository/Repository';",
    "export * from './data-source/DataSource';",
    'export declare function Entity(): ClassDecorator;',
    'export declare function Column(): PropertyDecorator;',
    'export declare function BeforeInsert(): MethodDecorator;',
    '',
  ].join('\n'),
  'node_modules/typeorm/repository/Repository.d.ts': [
    'export declare class Repository<Entity> {',
    '  create(plain: Partial<Entity>): Entity;',
    '  save(entity: Entity): Promise<Entity>;',
    '}',
    '',
  ].join('\n'),
  'node_modules/typeorm/data-source/DataSource.d.ts': [
    "import { Repository } from '../repository/Repository';",
    'export declare class DataSource {',
    '  getRepository<Entity>(target: new () => Entity): Repository<Entity>;',
    '}',
    '',
  ].join('\n'),
};

const ENTITY = `import { BeforeInsert, Column, Entity } from 'typeorm';
import bcrypt from 'bcrypt';

@Entity()
export class User {
  @Column()
  email!: string;

  @Column()
  password!: string;

  @BeforeInsert()
  async hashPassword() {
    this.password = await bcrypt.hash(this.password, 12);
  }
}
`;

describe('type-aware resolution', () => {
  it('names a package member through node_modules declarations, with the entity a generic repository holds, so TypeORM hooks run', () => {
    const sources = {
      'src/user.entity.ts': ENTITY,
      'src/data-source.ts': `import { DataSource } from 'typeorm';
import { User } from './user.entity';

const dataSource = new DataSource();

export function usersRepository() {
  return dataSource.getRepository(User);
}
`,
      'src/register.ts': `import { usersRepository } from './data-source';

export async function register(body: { email: string; password: string }) {
  const users = usersRepository();
  const user = users.create(body);
  await users.save(user);
}
`,
    };
    const { output, resolver, project } = classifyWithTypes(sources, [{ file: 'src/register.ts', handler: 'register' }], TYPEORM);
    expect(answersIn(resolver, project, 'src/register.ts')).toEqual([
      [5, { kind: 'external', package: 'typeorm', symbol: 'Repository().create', typeArgs: { module: 'src/user.entity.ts', names: ['User'] } }],
      [6, { kind: 'external', package: 'typeorm', symbol: 'Repository().save', typeArgs: { module: 'src/user.entity.ts', names: ['User'] } }],
    ]);
    expect(chains(output)).toEqual([
      ['npm:bcrypt.hash', 14, ['register @src/register.ts:3', 'User.hashPassword (TypeORM @BeforeInsert) @src/register.ts:6', 'bcrypt.hash @src/user.entity.ts:14']],
      ['npm:typeorm', 6, ['register @src/register.ts:3', 'users.save @src/register.ts:6']],
      // The catalogue's `DataSource().**`, matched from the facts alone.
      ['npm:typeorm', 7, ['register @src/register.ts:3', 'usersRepository @src/register.ts:4', 'dataSource.getRepository @src/data-source.ts:7']],
    ]);
    expect(output.classifications[0]!.kind).toBe('mixed');
    expect(output.stats.typeAware!.libraryFiles).toBe(3);
  });

  it('names a member of an ambient module declared in the repository', () => {
    const sources = {
      'types/argon2.d.ts': `declare module 'argon2' {
  export function hash(password: string): Promise<string>;
  export function verify(hash: string, password: string): Promise<boolean>;
}
`,
      'src/passwords.ts': `import * as argon from 'argon2';

export function hasher() {
  return argon;
}

export async function check(hash: string, password: string) {
  return hasher().verify(hash, password);
}
`,
    };
    const { output, resolver, project } = classifyWithTypes(sources, [{ file: 'src/passwords.ts', handler: 'check' }]);
    expect(answersIn(resolver, project, 'src/passwords.ts')).toEqual([[8, { kind: 'external', package: 'argon2', symbol: 'verify' }]]);
    expect(chains(output)).toEqual([['npm:argon2.hash', 8, ['check @src/passwords.ts:7', 'hasher().verify @src/passwords.ts:8']]]);
  });

  it('turns a name heuristic into a fact: a sort of an array counts, a get on a Map is no cache round trip', () => {
    const sources = {
      'src/prices.ts': `function createCache() {
  return new Map<string, number[]>();
}

const cache = createCache();

export function cheapest(sku: string) {
  const prices = cache.get(sku) ?? [];
  return [...prices].sort((a, b) => a - b)[0];
}
`,
    };
    const project = buildTestProject(sources);
    const facts = classifyEndpoints({ project, endpoints: [endpointFor(project, { file: 'src/prices.ts', handler: 'cheapest' })] });
    expect(facts.classifications[0]!.evidence.map((e) => [e.signal, e.line, e.heuristic])).toEqual([
      ['heuristic:sort', 9, true],
      ['heuristic:cache-command', 8, true],
    ]);

    const { output, resolver } = classifyWithTypes(sources, [{ file: 'src/prices.ts', handler: 'cheapest' }]);
    expect(answersIn(resolver, project, 'src/prices.ts')).toEqual([
      [8, { kind: 'external', package: 'builtin', symbol: 'Map().get' }],
      [9, { kind: 'external', package: 'builtin', symbol: 'Array().sort' }],
    ]);
    const result = output.classifications[0]!;
    expect(result.evidence.map((e) => [e.signal, e.line, e.heuristic, e.syncOnEventLoop])).toEqual([['node:Array.sort', 9, undefined, true]]);
    expect([result.kind, result.confidence, result.confidenceNotes]).toEqual(['io', 0.9, []]);
  });

  it('follows the implementation of an overloaded function and leaves a call on a union of classes unresolved', () => {
    const sources = {
      'src/format.ts': `import { gzipSync } from 'node:zlib';

export function encode(value: string): Buffer;
export function encode(value: object): Buffer;
export function encode(value: string | object): Buffer {
  return gzipSync(typeof value === 'string' ? value : JSON.stringify(value));
}

export const codecs = { encode };

export function pickCodec() {
  return codecs;
}
`,
      'src/stores.ts': `export class DiskStore {
  put(key: string) {
    return key;
  }
}

export class MemoryStore {
  put(key: string) {
    return key;
  }
}

export function pickStore(disk: boolean) {
  return disk ? new DiskStore() : new MemoryStore();
}
`,
      'src/handler.ts': `import { pickCodec } from './format';
import { pickStore } from './stores';

export function save(body: object, disk: boolean) {
  const encoder = pickCodec();
  pickStore(disk).put('k');
  return encoder.encode(body);
}
`,
    };
    const { output, resolver, project } = classifyWithTypes(sources, [{ file: 'src/handler.ts', handler: 'save' }]);
    expect(answersIn(resolver, project, 'src/handler.ts')).toEqual([
      [6, { kind: 'none', reason: '2 functions could run (a union of types)', ambiguous: true }],
      [7, { kind: 'function', module: 'src/format.ts', fnId: 0 }],
    ]);
    const result = output.classifications[0]!;
    expect(chains(output)).toEqual([
      ['node:zlib.sync', 6, ['save @src/handler.ts:4', 'encode @src/handler.ts:7', 'gzipSync @src/format.ts:6']],
      ['node:JSON', 6, ['save @src/handler.ts:4', 'encode @src/handler.ts:7', 'JSON.stringify @src/format.ts:6']],
    ]);
    expect(result.confidenceNotes[0]).toBe('1 call could not be resolved: pickStore().put at src/handler.ts:6');
  });

  it('follows an optional interface member that one implementation alone defines', () => {
    const sources = {
      'src/providers.ts': `import { gunzipSync } from 'node:zlib';

export interface Provider {
  name(): string;
  bulk?(payload: Buffer): string;
}

export class ArchiveProvider implements Provider {
  name() {
    return 'archive';
  }

  bulk(payload: Buffer) {
    return gunzipSync(payload).toString('utf8');
  }
}

export class LiveProvider implements Provider {
  name() {
    return 'live';
  }
}
`,
      'src/handler.ts': `import type { Provider } from './providers';

export function importBulk(provider: Provider, payload: Buffer) {
  provider.name();
  return provider.bulk?.(payload);
}
`,
    };
    const { output, resolver, project } = classifyWithTypes(sources, [{ file: 'src/handler.ts', handler: 'importBulk' }]);
    expect(answersIn(resolver, project, 'src/handler.ts')).toEqual([
      [4, { kind: 'none', reason: '2 classes implement Provider: which one runs is decided at runtime', ambiguous: true }],
      [5, { kind: 'function', module: 'src/providers.ts', fnId: 1, label: 'only implementation of Provider.bulk' }],
    ]);
    expect(chains(output)).toEqual([
      ['node:zlib.sync', 14, ['importBulk @src/handler.ts:3', 'ArchiveProvider.bulk (only implementation of Provider.bulk) @src/handler.ts:5', 'gunzipSync @src/providers.ts:14']],
    ]);
  });

  it('is never created when every call resolves from the facts, nor for Python', () => {
    const typescript = classifyWithTypes(
      {
        'src/hash.ts': "import { createHash } from 'node:crypto';\n\nexport function digest(body: string) {\n  return createHash('sha256').update(body).digest('hex');\n}\n",
      },
      [{ file: 'src/hash.ts', handler: 'digest' }],
    );
    expect(typescript.output.stats.typeAware).toEqual({ created: false, batches: 0, files: 0, libraryFiles: 0, asked: 0, toFunctions: 0, toPackages: 0, ms: 0, capped: [] });
    const python = classifyWithTypes({ 'app/views.py': 'def index(request):\n    return request.user.profile.render()\n' }, [{ file: 'app/views.py', handler: 'index' }]);
    expect(python.output.stats.typeAware!.created).toBe(false);
  });

  it('does not ask about JavaScript without JSDoc types and without installed packages: the checker would see any', () => {
    const sources = {
      'src/app.js': "'use strict';\n\nfunction notify(publisher, message) {\n  return publisher.publish('events', JSON.stringify(message));\n}\n\nmodule.exports = { notify };\n",
    };
    const untyped = classifyWithTypes(sources, [{ file: 'src/app.js', handler: 'notify' }]);
    expect([untyped.output.stats.typeAware!.created, untyped.output.classifications[0]!.evidence.map((e) => e.signal)]).toEqual([
      false,
      ['heuristic:cache-command', 'node:JSON'],
    ]);
    // With packages installed beside it, the same module is worth a question.
    const installed = classifyWithTypes(sources, [{ file: 'src/app.js', handler: 'notify' }], { 'node_modules/.package-lock.json': '{}' });
    expect([installed.output.stats.typeAware!.created, installed.output.stats.typeAware!.asked]).toEqual([true, 1]);
  });

  it('keeps to its budgets and says so in a diagnostic', () => {
    const sources = {
      'src/a.ts': "import { b } from './b';\n\nexport function a(x: any) {\n  return b().run(x);\n}\n",
      // `make(C)` returns a C only by generic inference: the facts cannot follow it, the checker can.
      'src/b.ts': "import { C } from './c';\n\nfunction make<T>(kind: new () => T): T {\n  return new kind();\n}\n\nexport function b() {\n  return make(C);\n}\n",
      'src/c.ts': 'export class C {\n  run(x: any) {\n    return x.go();\n  }\n}\n',
    };
    const files = classifyWithTypes(sources, [{ file: 'src/a.ts', handler: 'a' }], {}, { maxFiles: 2 });
    expect(files.output.diagnostics).toEqual([
      {
        severity: 'info',
        code: 'type-aware-capped',
        message: 'type-aware resolution: 2 modules asked about import more than 1 repository files (a quarter of the file budget): the nearest were loaded, the rest typed any',
        source: 'classification',
      },
    ]);
    // `b()` returns a C, but with 2 files a closure holds one module: a.ts and b.ts (for `new kind()`) are loaded alone, c.ts
    // is left out, and the checker cannot name `run`.
    expect([files.output.stats.typeAware!.asked, files.output.stats.typeAware!.files, files.output.stats.typeAware!.toFunctions]).toEqual([2, 2, 0]);
    const calls = classifyWithTypes(sources, [{ file: 'src/a.ts', handler: 'a' }], {}, { maxCalls: 0 });
    expect(calls.output.diagnostics.map((d) => d.message)).toEqual(['type-aware resolution: budget of 0 calls asked reached: 2 later calls keep the facts\' resolution']);
    expect(calls.output.stats.typeAware!.created).toBe(false);
    const ample = classifyWithTypes(sources, [{ file: 'src/a.ts', handler: 'a' }]);
    expect(chains(ample.output)).toEqual([]);
    expect(ample.output.stats.typeAware!.toFunctions).toBe(1);
  });
});

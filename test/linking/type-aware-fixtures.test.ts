import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyEndpoints, type ClassifyOutput } from '../../src/classification/classify-endpoints.js';
import type { Classification } from '../../src/classification/types.js';
import { TypeAwareResolver } from '../../src/linking/type-aware/type-aware-resolver.js';
import { detectFixture } from '../helpers/detect-fixture.js';

/**
 * Fixture repositories where the tree-sitter facts leave a call unknown and the TypeScript
 * checker resolves it: the endpoint is classified twice, facts alone and with the checker, and
 * both results are asserted exactly.
 */
async function classifyFixture(dir: string, typeAware: boolean): Promise<{ routes: Map<string, Classification>; output: ClassifyOutput }> {
  const { endpoints, project } = await detectFixture(`fixtures/${dir}`);
  const resolver = typeAware ? new TypeAwareResolver(project, { root: path.resolve(`fixtures/${dir}`) }) : undefined;
  const output = classifyEndpoints({ project, endpoints, ...(resolver ? { typeAware: resolver } : {}) });
  const routes = new Map<string, Classification>();
  endpoints.forEach((endpoint, index) => routes.set(`${endpoint.method} ${endpoint.path}`, output.classifications[index]!));
  return { routes, output };
}

type Row = [signal: string, file: string, line: number, weight: number, chain: string[]];

function rows(classification: Classification): Row[] {
  return classification.evidence.map((e) => [e.signal, e.file, e.line, e.weight, e.chain.map((step) => `${step.name} @${step.file}:${step.line}`)]);
}

function countersOf(output: ClassifyOutput): Omit<NonNullable<ClassifyOutput['stats']['typeAware']>, 'ms'> {
  const { ms, ...counters } = output.stats.typeAware!;
  expect(ms).toBeGreaterThan(0);
  return counters;
}

describe('type-aware resolution on fixture repositories', () => {
  it('follows a service returned by a factory, a destructured repository and a chained query builder', async () => {
    const facts = await classifyFixture('classify-ts-types-factory', false);
    // Facts alone: `makeInvoiceService()` has no return annotation, so `invoices.totals` leads nowhere.
    expect([...facts.routes.values()].map((c) => [c.kind, c.confidence, c.evidence.length])).toEqual([
      ['io', 0.5, 0],
      ['io', 0.5, 0],
    ]);

    const { routes, output } = await classifyFixture('classify-ts-types-factory', true);
    const totals = routes.get('GET /customers/:id/totals')!;
    expect([totals.kind, totals.confidence, totals.confidenceNotes, totals.reachedLines]).toEqual(['io', 0.9, [], 29]);
    expect(rows(totals)).toEqual([
      [
        'node:Array.sort',
        'src/invoices/invoice-service.ts',
        21,
        1,
        ['<anonymous> @src/server.ts:8', 'totals @src/server.ts:9', 'summarise @src/invoices/invoice-service.ts:10', '[…].sort @src/invoices/invoice-service.ts:21'],
      ],
      [
        'npm:pg',
        'src/invoices/invoice-repository.ts',
        31,
        1,
        ['<anonymous> @src/server.ts:8', 'totals @src/server.ts:9', 'InvoiceQuery.run @src/invoices/invoice-service.ts:9', 'this.db.query @src/invoices/invoice-repository.ts:31'],
      ],
    ]);
    // The sort is a fact now, not a name heuristic: the checker typed its receiver an array.
    expect(totals.evidence[0]!.heuristic).toBeUndefined();
    const issue = routes.get('POST /customers/:id/invoices')!;
    expect(rows(issue)).toEqual([
      [
        'npm:pg',
        'src/invoices/invoice-repository.ts',
        44,
        1,
        ['<anonymous> @src/server.ts:12', 'issue @src/server.ts:13', 'InvoiceRepository.insert @src/invoices/invoice-service.ts:14', 'this.db.query @src/invoices/invoice-repository.ts:44'],
      ],
    ]);
    // `invoices.totals` is asked first; what it reaches (`invoices.query().where()...run()`) is asked in a second batch.
    expect(countersOf(output)).toEqual({ created: true, batches: 2, files: 5, libraryFiles: 0, asked: 11, toFunctions: 7, toPackages: 1, capped: [] });
    expect(output.diagnostics).toEqual([]);
  });

  it('follows methods of a generic repository class obtained through a generic factory in a class property', async () => {
    // The factory's block body returns `new Repository<T>(table)`: the facts follow its last
    // return, so the checker, asked about what is left, adds nothing here.
    const register: Row[] = [
      ['npm:argon2.hash', 'src/users/user-service.ts', 15, 5, ['<anonymous> @src/server.ts:8', 'UserService.register @src/server.ts:9', 'argon2.hash @src/users/user-service.ts:15']],
      [
        'npm:pg',
        'src/db/repository.ts',
        21,
        1,
        ['<anonymous> @src/server.ts:8', 'UserService.register @src/server.ts:9', 'Repository.save @src/users/user-service.ts:16', 'pool.query @src/db/repository.ts:21'],
      ],
    ];
    const profile: Row[] = [
      [
        'npm:pg',
        'src/db/repository.ts',
        14,
        1,
        ['<anonymous> @src/server.ts:12', 'UserService.profile @src/server.ts:13', 'Repository.findById @src/users/user-service.ts:20', 'pool.query @src/db/repository.ts:14'],
      ],
    ];
    for (const typeAware of [false, true]) {
      const { routes, output } = await classifyFixture('classify-ts-types-generic', typeAware);
      const registered = routes.get('POST /users')!;
      expect([registered.kind, registered.reason]).toEqual(['mixed', 'both matter: CPU weight 5 (argon2.hash) beside I/O weight 1 (pool.query)']);
      expect(rows(registered)).toEqual(register);
      const viewed = routes.get('GET /users/:id')!;
      expect([viewed.kind, viewed.confidence, viewed.confidenceNotes]).toEqual(['io', 0.9, []]);
      expect(rows(viewed)).toEqual(profile);
      if (typeAware) expect(countersOf(output)).toEqual({ created: true, batches: 1, files: 3, libraryFiles: 0, asked: 4, toFunctions: 0, toPackages: 0, capped: [] });
    }
  });

  it('follows an interface-typed dependency to its only implementation, and not one with two', async () => {
    const facts = await classifyFixture('classify-ts-types-interface', false);
    expect([...facts.routes.values()].map((c) => [c.kind, c.evidence.map((e) => e.signal)])).toEqual([
      ['cpu', ['npm:bcrypt.hash']],
      ['io', []],
    ]);

    const { routes, output } = await classifyFixture('classify-ts-types-interface', true);
    const login = routes.get('POST /login')!;
    expect([login.kind, login.confidence]).toEqual(['mixed', 0.77]);
    expect(rows(login)).toEqual([
      ['npm:bcrypt.hash', 'src/auth/auth-service.ts', 15, 5, ['<anonymous> @src/server.ts:12', 'AuthService.login @src/server.ts:13', 'bcrypt.compare @src/auth/auth-service.ts:15']],
      [
        'npm:ioredis',
        'src/sessions/redis-session-store.ts',
        10,
        1,
        [
          '<anonymous> @src/server.ts:12',
          'AuthService.login @src/server.ts:13',
          'RedisSessionStore.save (only implementation of SessionStore) @src/auth/auth-service.ts:17',
          'this.redis.set @src/sessions/redis-session-store.ts:10',
        ],
      ],
      [
        'node:JSON',
        'src/sessions/redis-session-store.ts',
        10,
        0.3,
        [
          '<anonymous> @src/server.ts:12',
          'AuthService.login @src/server.ts:13',
          'RedisSessionStore.save (only implementation of SessionStore) @src/auth/auth-service.ts:17',
          'JSON.stringify @src/sessions/redis-session-store.ts:10',
        ],
      ],
    ]);
    // Email or SMS is decided at startup: the checker knows the call has two targets, so it is an unresolved call.
    expect(login.confidenceNotes).toEqual([
      '1 call could not be resolved: this.notifier.notify at src/auth/auth-service.ts:18',
      'close to a threshold (CPU weight 5.3, I/O weight 1): a small change could flip the label',
    ]);
    const whoami = routes.get('GET /whoami')!;
    expect(rows(whoami)).toEqual([
      [
        'npm:ioredis',
        'src/sessions/redis-session-store.ts',
        14,
        1,
        [
          '<anonymous> @src/server.ts:21',
          'AuthService.whoami @src/server.ts:22',
          'RedisSessionStore.load (only implementation of SessionStore) @src/auth/auth-service.ts:23',
          'this.redis.get @src/sessions/redis-session-store.ts:14',
        ],
      ],
      [
        'node:JSON',
        'src/sessions/redis-session-store.ts',
        15,
        0.3,
        [
          '<anonymous> @src/server.ts:21',
          'AuthService.whoami @src/server.ts:22',
          'RedisSessionStore.load (only implementation of SessionStore) @src/auth/auth-service.ts:23',
          'JSON.parse @src/sessions/redis-session-store.ts:15',
        ],
      ],
    ]);
    expect(countersOf(output)).toEqual({ created: true, batches: 1, files: 7, libraryFiles: 0, asked: 7, toFunctions: 2, toPackages: 1, capped: [] });
  });

  it('reads JSDoc types in JavaScript: a service from a locator, a dependency typed in its constructor', async () => {
    const facts = await classifyFixture('classify-ts-types-jsdoc', false);
    expect(facts.routes.get('GET /reports/:id/archive')!.evidence).toEqual([]);

    const { routes, output } = await classifyFixture('classify-ts-types-jsdoc', true);
    const archive = routes.get('GET /reports/:id/archive')!;
    expect([archive.kind, archive.reason]).toEqual(['mixed', 'both matter: CPU weight 3.3 (zlib.gzipSync, JSON.stringify) beside I/O weight 1 (pool.query)']);
    expect(rows(archive)).toEqual([
      ['node:zlib.sync', 'src/reports/report-archiver.js', 17, 3, ['<anonymous> @src/app.js:12', 'ReportArchiver.archive @src/app.js:15', 'zlib.gzipSync @src/reports/report-archiver.js:17']],
      [
        'npm:pg',
        'src/reports/report-store.js',
        13,
        1,
        ['<anonymous> @src/app.js:12', 'ReportArchiver.archive @src/app.js:15', 'ReportStore.rows @src/reports/report-archiver.js:16', 'pool.query @src/reports/report-store.js:13'],
      ],
      ['node:JSON', 'src/reports/report-archiver.js', 17, 0.3, ['<anonymous> @src/app.js:12', 'ReportArchiver.archive @src/app.js:15', 'JSON.stringify @src/reports/report-archiver.js:17']],
    ]);
    expect(countersOf(output)).toEqual({ created: true, batches: 2, files: 4, libraryFiles: 0, asked: 4, toFunctions: 2, toPackages: 0, capped: [] });
  });

  it('gives the same result on every run', async () => {
    const first = await classifyFixture('classify-ts-types-factory', true);
    const second = await classifyFixture('classify-ts-types-factory', true);
    expect(JSON.stringify(second.output.classifications)).toBe(JSON.stringify(first.output.classifications));
  });
});

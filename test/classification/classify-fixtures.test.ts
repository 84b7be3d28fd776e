import { describe, expect, it } from 'vitest';
import { classifyEndpoints } from '../../src/classification/classify-endpoints.js';
import type { Classification } from '../../src/classification/types.js';
import { detectFixture } from '../helpers/detect-fixture.js';

/**
 * End to end on small fixture repositories: the framework's detector finds the endpoint, the
 * classifier follows it. Labels and evidence chains are asserted exactly.
 */
async function classifyFixture(dir: string): Promise<Map<string, Classification>> {
  const { endpoints, project } = await detectFixture(`fixtures/${dir}`);
  const { classifications } = classifyEndpoints({ project, endpoints });
  const byRoute = new Map<string, Classification>();
  endpoints.forEach((endpoint, index) => {
    if (!endpoint.generated) byRoute.set(`${endpoint.method} ${endpoint.path}`, classifications[index]!);
  });
  return byRoute;
}

describe('classification of fixture repositories', () => {
  it('follows CPU work three calls deep into other modules', async () => {
    const result = (await classifyFixture('classify-deep-cpu')).get('POST /thumbnails')!;
    expect(result.kind).toBe('cpu');
    expect(result.tags).toEqual([]);
    expect(result.evidence).toEqual([
      {
        signal: 'npm:sharp',
        kind: 'cpu',
        package: 'sharp',
        file: 'src/images/encode.ts',
        line: 4,
        inLoop: false,
        weight: 4,
        reason: 'image decoding, resizing and encoding (libvips, on the thread pool)',
        chain: [
          { name: '<anonymous>', file: 'src/server.ts', line: 7 },
          { name: 'createThumbnail', file: 'src/server.ts', line: 8 },
          { name: 'resizeForWeb', file: 'src/images/thumbnails.ts', line: 6 },
          { name: 'encodeWebp', file: 'src/images/resize.ts', line: 6 },
          { name: 'sharp().resize().webp().toBuffer', file: 'src/images/encode.ts', line: 4 },
        ],
      },
    ]);
    expect(result.reason).toBe('in-process CPU work dominates: weight 4 (sharp().resize().webp().toBuffer) against no I/O sink reached');
    expect([result.reachedLines, result.ownedLines, result.confidence, result.confidenceNotes]).toEqual([14, 14, 0.9, []]);
  });

  it('finds a bcrypt hash in a TypeORM @BeforeInsert hook behind repository.save, through a NestJS injected service', async () => {
    const routes = await classifyFixture('classify-nest-typeorm');
    const create = routes.get('POST /users')!;
    expect(create.kind).toBe('mixed');
    expect(create.evidence.map((e) => [e.signal, e.kind, e.weight, e.file, e.line])).toEqual([
      ['npm:bcrypt.hash', 'cpu', 5, 'src/users/user.entity.ts', 18],
      ['npm:typeorm', 'io', 1, 'src/users/users.service.ts', 17],
    ]);
    expect(create.evidence[0]!.chain).toEqual([
      { name: 'UsersController.create', file: 'src/users/users.controller.ts', line: 9 },
      { name: 'UsersService.create', file: 'src/users/users.controller.ts', line: 10 },
      { name: 'User.hashPassword (TypeORM @BeforeInsert)', file: 'src/users/users.service.ts', line: 17 },
      { name: 'bcrypt.hash', file: 'src/users/user.entity.ts', line: 18 },
    ]);
    expect(create.evidence[1]!.chain).toEqual([
      { name: 'UsersController.create', file: 'src/users/users.controller.ts', line: 9 },
      { name: 'UsersService.create', file: 'src/users/users.controller.ts', line: 10 },
      { name: 'this.users.save', file: 'src/users/users.service.ts', line: 17 },
    ]);
    expect(create.reason).toBe('both matter: CPU weight 5 (bcrypt.hash) beside I/O weight 1 (this.users.save)');
    expect(create.confidenceNotes).toEqual(['close to a threshold (CPU weight 5, I/O weight 1): a small change could flip the label']);
    // `repository.create` builds an entity in memory: only `find` is a round trip, and no hook fires.
    const list = routes.get('GET /users')!;
    expect([list.kind, list.evidence.map((e) => [e.signal, e.line, e.chain.map((s) => s.name)])]).toEqual([
      'io',
      [['npm:typeorm', 21, ['UsersController.findAll', 'UsersService.findAll', 'this.users.find']]],
    ]);
  });

  it('follows passport.authenticate to the local strategy that runs a promisified scrypt', async () => {
    const login = (await classifyFixture('classify-passport-scrypt')).get('POST /login')!;
    expect(login.kind).toBe('mixed');
    expect(login.evidence).toEqual([
      {
        signal: 'node:crypto.kdf',
        kind: 'cpu',
        package: 'node:crypto',
        file: 'src/auth/passwords.js',
        line: 11,
        inLoop: false,
        weight: 5,
        reason: "password key derivation, deliberately slow (on libuv's thread pool)",
        chain: [
          { name: "passport strategy 'local'", file: 'src/auth/strategy.js', line: 9 },
          { name: 'verifyPassword', file: 'src/auth/strategy.js', line: 13 },
          { name: 'scrypt', file: 'src/auth/passwords.js', line: 11 },
        ],
      },
      {
        signal: 'npm:pg',
        kind: 'io',
        package: 'pg',
        file: 'src/users/store.js',
        line: 8,
        inLoop: false,
        weight: 1,
        reason: 'PostgreSQL round trip',
        chain: [
          { name: "passport strategy 'local'", file: 'src/auth/strategy.js', line: 9 },
          { name: 'findByName', file: 'src/auth/strategy.js', line: 11 },
          { name: 'pool.query', file: 'src/users/store.js', line: 8 },
        ],
      },
      {
        signal: 'npm:jsonwebtoken',
        kind: 'cpu',
        package: 'jsonwebtoken',
        file: 'src/auth/tokens.js',
        line: 6,
        inLoop: false,
        weight: 0.5,
        reason: 'JWT signature: cheap with HMAC, heavier with RSA or ECDSA keys',
        chain: [
          { name: '<anonymous>', file: 'src/app.js', line: 12 },
          { name: 'issueToken', file: 'src/app.js', line: 13 },
          { name: 'jwt.sign', file: 'src/auth/tokens.js', line: 6 },
        ],
        syncOnEventLoop: true,
      },
    ]);
  });

  it('labels numpy sent to an executor with run_in_executor cpu, ml and offloaded', async () => {
    const score = (await classifyFixture('classify-executor-numpy')).get('POST /score')!;
    expect([score.kind, score.tags]).toEqual(['cpu', ['ml', 'offloaded']]);
    expect(score.evidence.map((e) => [e.signal, e.tag, e.offloaded, e.weight, e.chain.map((s) => `${s.name} ${s.file}:${s.line}`)])).toEqual([
      ['pypi:numpy', 'ml', true, 1.5, ['score app/main.py:13', 'score_matrix (offloaded) app/main.py:15', 'np.array app/scoring.py:6']],
      ['pypi:numpy', 'ml', true, 1.5, ['score app/main.py:13', 'score_matrix (offloaded) app/main.py:15', 'np.linspace app/scoring.py:7']],
    ]);
    // The executor call itself weighs nothing once the work it hands over is followed.
    expect(score.evidence.some((e) => e.signal === 'python:asyncio.offload')).toBe(false);
  });

  it('keeps an I/O handler that loops over a small list io', async () => {
    const tags = (await classifyFixture('classify-small-loop-io')).get('POST /articles/:id/tags')!;
    expect(tags.kind).toBe('io');
    expect(tags.evidence).toEqual([
      {
        signal: 'npm:pg',
        kind: 'io',
        package: 'pg',
        file: 'src/server.ts',
        line: 13,
        inLoop: true,
        weight: 3,
        reason: 'PostgreSQL round trip',
        chain: [
          { name: '<anonymous>', file: 'src/server.ts', line: 8 },
          { name: 'db.query', file: 'src/server.ts', line: 13 },
        ],
      },
    ]);
    expect(tags.reason).toBe('waits on I/O (weight 3: db.query); no CPU sink reached');
  });

  it('follows a FastAPI Depends(get_db) dependency and a repository function on the typed session', async () => {
    const orders = (await classifyFixture('classify-fastapi-depends')).get('GET /customers/{customer_id}/orders')!;
    expect(orders.kind).toBe('io');
    expect(orders.evidence.map((e) => [e.signal, e.weight, e.chain.map((s) => `${s.name} ${s.file}:${s.line}`)])).toEqual([
      ['pypi:sqlalchemy', 1, ['customer_orders app/main.py:11', 'get_db (Depends) app/main.py:11', 'SessionLocal app/db.py:11']],
      ['pypi:sqlalchemy', 1, ['customer_orders app/main.py:11', 'get_db (Depends) app/main.py:11', 'db.close app/db.py:15']],
      ['pypi:sqlalchemy', 1, ['customer_orders app/main.py:11', 'orders_of app/main.py:12', 'db.query().filter().order_by app/repository.py:7']],
    ]);
    expect([orders.reachedLines, orders.confidence]).toEqual([11, 0.9]);
  });

  it('terminates on direct and mutual recursion, counting a recursive body as a loop', async () => {
    const digest = (await classifyFixture('classify-recursion')).get('POST /digest')!;
    expect(digest.kind).toBe('cpu');
    expect(digest.evidence.map((e) => [e.chain[e.chain.length - 1]!.name, e.line, e.inLoop, e.weight])).toEqual([
      ['hash.update', 9, true, 3],
      ['createHash().update', 7, true, 1.5],
    ]);
    expect(digest.confidenceNotes).toEqual(['recursive calls through digest, isEven: each cycle is followed once and its work counted as in a loop']);
  });
});

import { describe, expect, it } from 'vitest';
import { classifyEndpoints } from '../../src/classification/classify-endpoints.js';
import { decideKind, THRESHOLDS } from '../../src/classification/decide-kind.js';
import { parseTypeText } from '../../src/classification/resolve-calls.js';
import type { Evidence } from '../../src/classification/types.js';
import type { DetectedEndpoint } from '../../src/detectors/types.js';
import { buildTestProject } from '../helpers/build-project.js';
import { classifySources, endpointFor } from './helpers.js';

function evidence(kind: 'io' | 'cpu', weight: number, name: string, tag?: Evidence['tag']): Evidence {
  return { signal: `test:${name}`, kind, package: 'p', file: 'f.ts', line: 1, inLoop: false, weight, reason: 'r', chain: [{ name, file: 'f.ts', line: 1 }], ...(tag ? { tag } : {}) };
}

describe('kind decision', () => {
  it('applies the documented thresholds', () => {
    expect(THRESHOLDS).toEqual({ cpuSignificant: 2, cpuDominance: 6, cpuShareForMixed: 0.5, trivialLines: 10, loopMultiplier: 3, nestedLoopMultiplier: 6 });
    const kind = (items: Evidence[]) => decideKind(items, 12).kind;
    expect(kind([])).toBe('io');
    expect(kind([evidence('io', 1, 'db.query'), evidence('cpu', 1.9, 'JSON.parse')])).toBe('io');
    expect(kind([evidence('io', 1, 'db.query'), evidence('cpu', 5, 'bcrypt.hash')])).toBe('mixed');
    expect(kind([evidence('io', 1, 'db.query'), evidence('cpu', 6, 'bcrypt.hash')])).toBe('cpu');
    expect(kind([evidence('cpu', 2, 'zlib.gzip')])).toBe('cpu');
    // Significant CPU that is still under half the I/O weight: the endpoint mostly waits.
    expect(kind([evidence('io', 8, 'db.query'), evidence('cpu', 3, 'JSON.stringify')])).toBe('io');
    expect(kind([evidence('io', 6, 'db.query'), evidence('cpu', 3, 'JSON.stringify')])).toBe('mixed');
    // Realtime frames tag the endpoint; they do not weigh as I/O.
    expect(kind([evidence('io', 9, 'ws.send', 'realtime'), evidence('cpu', 3, 'np.dot')])).toBe('cpu');
    expect(decideKind([evidence('io', 0.5, 'ws.send', 'realtime')], 4).reason).toBe('only realtime frames (ws.send) reached in 4 lines of code: nothing in-process looks heavy');
  });

  it('explains each kind with the weights and the names behind them', () => {
    expect(decideKind([evidence('io', 2, 'pool.query'), evidence('cpu', 5, 'bcrypt.hash')], 30).reason).toBe('both matter: CPU weight 5 (bcrypt.hash) beside I/O weight 2 (pool.query)');
    expect(decideKind([evidence('io', 3, 'a'), evidence('io', 1, 'b'), evidence('io', 1, 'c'), evidence('io', 1, 'd')], 30).reason).toBe('waits on I/O (weight 6: a, b, c and 1 more); no CPU sink reached');
    expect(decideKind([], 3).reason).toBe('no I/O or CPU sink reached in 3 lines of code: nothing in-process looks heavy');
  });
});

describe('classification rules', () => {
  it('multiplies a sink by 3 in a loop and 6 in nested loops, counting loops along the chain', () => {
    const { classifications } = classifySources(
      {
        'src/h.ts':
          "import { createHash } from 'node:crypto';\nfunction digest(s: string) {\n  return createHash('sha1').update(s).digest('hex');\n}\nexport function handler(req: any) {\n  const out: string[] = [];\n  for (const row of req.body.rows) {\n    for (const cell of row) out.push(digest(cell));\n  }\n  req.body.rows.forEach((row: string) => digest(row));\n  return digest(out.join(''));\n}\n",
      },
      [{ file: 'src/h.ts', handler: 'handler' }],
    );
    const [sink] = classifications[0]!.evidence;
    // One sink reached by three call paths: nested loops (x6), a forEach callback (x3), straight (x1).
    expect([sink!.weight, sink!.inLoop, sink!.syncOnEventLoop]).toEqual([0.5 * 6 + 0.5 * 3 + 0.5, true, true]);
  });

  it('does not run functions registered for later as part of the body that registers them', () => {
    const { classifications } = classifySources(
      {
        'src/h.js':
          "const Handlebars = require('handlebars');\nfunction render(req, res) {\n  const hb = Handlebars.create();\n  hb.registerHelper('sorted', (list) => list.sort());\n  res.send(hb.compile(req.body.template)(req.body.data));\n}\nmodule.exports = { render };\n",
      },
      [{ file: 'src/h.js', handler: 'render' }],
    );
    expect(classifications[0]!.evidence.map((e) => [e.signal, e.line])).toEqual([['npm:handlebars', 5]]);
  });

  it('does not count work cached for the life of the process (functools.lru_cache, cache), and says so', () => {
    const { classifications } = classifySources(
      {
        'app/config.py':
          'import functools\nimport json\nfrom functools import lru_cache\n\n\n@lru_cache(maxsize=None)\ndef get_settings():\n    with open("settings.json") as f:\n        return json.load(f)\n\n\n@functools.cache\ndef load_model():\n    return json.loads(open("model.json").read())\n\n\ndef get_db():\n    return open("db.txt")\n',
        'app/routes.py':
          'import hashlib\nfrom fastapi import Depends\nfrom .config import get_db, get_settings, load_model\n\n\ndef handler(settings=Depends(get_settings)):\n    model = load_model()\n    get_db()\n    return hashlib.sha256(b"x").hexdigest()\n',
      },
      [{ file: 'app/routes.py', handler: 'handler', middleware: [{ file: 'app/config.py', name: 'get_settings' }] }],
    );
    const [classification] = classifications;
    expect(classification!.evidence.map((e) => [e.signal, e.chain.map((step) => `${step.name} ${step.file}:${step.line}`)])).toEqual([
      ['python:hashlib', ['handler app/routes.py:6', 'hashlib.sha256 app/routes.py:9']],
      ['python:open', ['handler app/routes.py:6', 'get_db app/routes.py:8', 'open app/config.py:18']],
    ]);
    expect(classification!.confidenceNotes).toContain(
      'not counted, cached for the life of the process: get_settings (functools.lru_cache) at app/routes.py:6, load_model (functools.cache) at app/routes.py:7',
    );
  });

  it('follows what functions return and what properties give: last returns, getters, cached properties, generic bases', () => {
    const chains = (output: ReturnType<typeof classifySources>) => output.classifications.map((c) => c.evidence.map((e) => [e.signal, e.chain.map((step) => `${step.name} ${step.file}:${step.line}`)]));
    const python = classifySources(
      {
        'app/repos.py':
          'from functools import cached_property\nfrom typing import Generic, TypeVar\n\nfrom sqlalchemy.orm.session import Session\n\nT = TypeVar("T")\n\n\nclass RepositoryGeneric(Generic[T]):\n    def __init__(self, session: Session):\n        self.session = session\n\n    def page_all(self):\n        return self.session.execute("select 1").all()\n\n\nclass RepositoryGroup(RepositoryGeneric[dict]):\n    pass\n\n\nclass AllRepositories:\n    def __init__(self, session: Session):\n        self.session = session\n\n    @cached_property\n    def groups(self):\n        return RepositoryGroup(self.session)\n\n\ndef get_repositories(session):\n    if session is None:\n        raise ValueError("no session")\n    return AllRepositories(session)\n',
        'app/routes.py':
          'from .cache import get_cache\nfrom .repos import get_repositories\n\n\nclass GroupController:\n    def __init__(self, session):\n        self.session = session\n\n    @property\n    def repos(self):\n        return get_repositories(self.session)\n\n    def get_all(self):\n        get_cache().get("groups")\n        return self.repos.groups.page_all()\n',
        'app/cache.py': 'import redis\n\n\ndef get_cache():\n    if redis is None:\n        return None\n    return redis.Redis()\n',
      },
      [{ file: 'app/routes.py', handler: 'GroupController.get_all' }],
    );
    expect(chains(python)).toEqual([
      [
        ['pypi:redis', ['GroupController.get_all app/routes.py:13', 'get_cache().get app/routes.py:14']],
        ['pypi:sqlalchemy', ['GroupController.get_all app/routes.py:13', 'RepositoryGeneric.page_all app/routes.py:15', 'self.session.execute().all app/repos.py:14']],
      ],
    ]);
    const typescript = classifySources(
      {
        'src/orders.ts':
          "import { Pool } from 'pg';\n\nconst pool = new Pool();\n\nclass OrderRepository {\n  list() {\n    return pool.query('select 1');\n  }\n}\n\nfunction makeRepository() {\n  const repository = new OrderRepository();\n  return repository;\n}\n\nexport class OrderService {\n  get orders() {\n    return makeRepository();\n  }\n\n  listAll() {\n    return this.orders.list();\n  }\n}\n",
      },
      [{ file: 'src/orders.ts', handler: 'OrderService.listAll' }],
    );
    expect(chains(typescript)).toEqual([[['npm:pg', ['OrderService.listAll src/orders.ts:21', 'OrderRepository.list src/orders.ts:22', 'pool.query src/orders.ts:7']]]]);
  });

  it('does not count a loop iterable as inside the loop', () => {
    const { classifications } = classifySources(
      { 'src/h.ts': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function handler() {\n  for (const row of (await pool.query('select 1')).rows) console.log(row);\n}\n" },
      [{ file: 'src/h.ts', handler: 'handler' }],
    );
    expect(classifications[0]!.evidence.map((e) => [e.signal, e.inLoop, e.weight])).toEqual([['npm:pg', false, 1]]);
  });

  it('counts reached lines once (nested functions inside their parent) and owned lines only for code one endpoint reaches', () => {
    const project = buildTestProject({
      'src/app.js':
        "const { Pool } = require('pg');\nconst pool = new Pool();\nfunction shared(id) {\n  return pool.query('select $1', [id]);\n}\nfunction listUsers(req, res) {\n  const rows = shared(1);\n  res.json(rows.map((r) => r.id));\n}\nfunction getUser(req, res) {\n  res.json(shared(req.params.id));\n}\nmodule.exports = { listUsers, getUser };\n",
    });
    const { classifications } = classifyEndpoints({
      project,
      endpoints: [endpointFor(project, { file: 'src/app.js', handler: 'listUsers' }), endpointFor(project, { file: 'src/app.js', handler: 'getUser' })],
    });
    expect(classifications.map((c) => [c.reachedLines, c.ownedLines])).toEqual([
      [7, 4],
      [6, 3],
    ]);
  });

  it('tags a handler that reaches no sink and a few lines trivial, and keeps low confidence on it', () => {
    const { classifications } = classifySources(
      { 'src/h.js': "function health(req, res) {\n  res.json({ status: 'ok', uptime: process.uptime() });\n}\nmodule.exports = { health };\n" },
      [{ file: 'src/h.js', handler: 'health' }],
    );
    expect(classifications[0]).toEqual({
      kind: 'io',
      tags: ['trivial'],
      confidence: 0.5,
      confidenceNotes: ['no sink reached: the label is the default for code that neither waits nor computes visibly'],
      evidence: [],
      reachedLines: 3,
      ownedLines: 3,
      reason: 'no I/O or CPU sink reached in 3 lines of code: nothing in-process looks heavy',
    });
  });

  it('labels an endpoint unknown, with a diagnostic, only when its handler cannot be followed', () => {
    const project = buildTestProject({ 'src/a.js': 'function a() {}\n' });
    const base: DetectedEndpoint = { method: 'GET', path: '/x', framework: 'express', language: 'javascript', file: 'src/a.js', line: 1, handler: null, mountChain: [], resolution: 'partial' };
    const { classifications, diagnostics } = classifyEndpoints({
      project,
      endpoints: [base, { ...base, path: '/y', handler: { name: 'gone', file: 'src/a.js', startLine: 9, endLine: 12 } }, { ...base, path: '/docs', generated: true }],
    });
    expect(classifications.map((c) => [c.kind, c.reason])).toEqual([
      ['unknown', 'the handler could not be located, so its code could not be followed'],
      ['unknown', 'no function found at src/a.js:9 to follow'],
      ['io', 'generated by express: the framework answers it without application code'],
    ]);
    expect(diagnostics.map((d) => [d.code, d.message, d.file, d.line])).toEqual([
      ['handler-not-followed', 'GET /x: the handler could not be located, so its code could not be followed', 'src/a.js', 1],
      ['handler-not-followed', 'GET /y: no function found at src/a.js:9 to follow', 'src/a.js', 1],
    ]);
  });

  it('resolves typed receivers to package classes and counts an unknown helper against confidence', () => {
    const { classifications } = classifySources(
      {
        'svc/repo.py':
          'from sqlalchemy.ext.asyncio import AsyncSession\nfrom typing import Optional\n\nasync def load(session: Optional[AsyncSession], key: str):\n    row = await session.get(Thing, key)\n    return helper_that_is_nowhere(row)\n',
      },
      [{ file: 'svc/repo.py', handler: 'load' }],
    );
    const result = classifications[0]!;
    expect(result.evidence.map((e) => [e.signal, e.chain[e.chain.length - 1]!.name])).toEqual([['pypi:sqlalchemy', 'session.get']]);
    expect(result.confidenceNotes).toEqual(['1 call could not be resolved: helper_that_is_nowhere at svc/repo.py:6']);
    expect(result.confidence).toBe(0.87);
  });

  it('follows a handler method a view inherits: from a repository base, or from DRF with the hooks the view overrides', () => {
    const project = buildTestProject({
      'api/views.py':
        "from rest_framework import viewsets\nfrom api.models import Item\n\n\nclass BaseList:\n    def list(self, request):\n        return sorted(Item.objects.all(), key=str)\n\n\nclass Mine(BaseList):\n    pass\n\n\nclass ItemViewSet(viewsets.ModelViewSet):\n    def get_queryset(self):\n        return Item.objects.filter(owner=self.request.user)\n",
      'api/models.py': 'from django.db import models\n\n\nclass Item(models.Model):\n    pass\n',
    });
    const base: DetectedEndpoint = { method: 'GET', path: '/items/', framework: 'drf', language: 'python', file: 'api/urls.py', line: 1, handler: null, mountChain: [], resolution: 'resolved' };
    const { classifications } = classifyEndpoints({
      project,
      endpoints: [
        { ...base, handler: { name: 'Mine.list', file: 'api/views.py', startLine: 10, endLine: 11 } },
        { ...base, handler: { name: 'ItemViewSet.list', file: 'api/views.py', startLine: 14, endLine: 16 } },
      ],
    });
    expect(classifications[0]!.evidence.map((e) => `${e.signal} ${e.chain.map((s) => `${s.name} ${s.file}:${s.line}`).join(' -> ')}`)).toEqual([
      'python:sorted Mine.list api/views.py:6 -> sorted api/views.py:7',
      'pypi:django.orm Mine.list api/views.py:6 -> Item.objects.all api/views.py:7',
    ]);
    expect(classifications[1]!.evidence.map((e) => `${e.signal} ${e.chain.map((s) => `${s.name} ${s.file}:${s.line}`).join(' -> ')}`)).toEqual([
      'pypi:djangorestframework ItemViewSet.list api/views.py:14 -> rest-framework viewsets.ModelViewSet.list (inherited) api/views.py:14',
      'pypi:django.orm ItemViewSet.get_queryset (called by viewsets.ModelViewSet.list) api/views.py:15 -> Item.objects.filter api/views.py:16',
    ]);
    expect(classifications.map((c) => c.kind)).toEqual(['io', 'io']);
  });

  it('reads type annotations down to the class they name', () => {
    expect(parseTypeText('Repository<User>')).toEqual({ head: 'Repository', args: ['User'], isClassObject: false });
    expect(parseTypeText('Optional[Session]')).toEqual({ head: 'Session', args: [], isClassObject: false });
    expect(parseTypeText('Annotated[Session, Depends(get_db)]')).toEqual({ head: 'Session', args: [], isClassObject: false });
    expect(parseTypeText('Redis | None')).toEqual({ head: 'Redis', args: [], isClassObject: false });
    expect(parseTypeText('Promise<PoolClient>')).toEqual({ head: 'PoolClient', args: [], isClassObject: false });
    expect(parseTypeText('np.ndarray')).toEqual({ head: 'np.ndarray', args: [], isClassObject: false });
    expect(parseTypeText('type[User]')).toEqual({ head: 'User', args: [], isClassObject: true });
    expect(parseTypeText('list[User]')).toBe(null);
    expect(parseTypeText('User[]')).toBe(null);
    expect(parseTypeText('string')).toBe(null);
  });

  it('reports the call graph it built', () => {
    const project = buildTestProject({ 'src/a.js': "const fs = require('fs');\nfunction b() { return fs.readFileSync('x'); }\nfunction a() { return b(); }\nmodule.exports = { a };\n" });
    const { stats } = classifyEndpoints({ project, endpoints: [endpointFor(project, { file: 'src/a.js', handler: 'a' })] });
    expect([stats.functions, stats.edges, stats.sinks, stats.endpoints, stats.catalogueVersion]).toEqual([2, 1, 1, 1, 2]);
    expect(stats.buildMs).toBeGreaterThanOrEqual(0);
  });
});

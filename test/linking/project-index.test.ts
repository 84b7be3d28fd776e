import { describe, expect, it } from 'vitest';
import { readPrismaGenerators } from '../../src/linking/read-manifests.js';
import { buildTestProject } from '../helpers/build-project.js';

describe('project index', () => {
  it('follows ESM re-exports through an index file to a router built in another file', () => {
    const project = buildTestProject({
      'src/routes/users.ts': "import { Router } from 'express';\nexport const usersRouter = Router();\n",
      'src/routes/index.ts': "export { usersRouter as users } from './users';\nexport * from './other';\n",
      'src/routes/other.ts': "export const PREFIX = '/v' + 1;\n",
      'src/app.ts': "import { users, PREFIX } from './routes';\nconst p = `${PREFIX}/api`;\n",
    });
    const users = project.lookup('src/app.ts', 'users');
    expect(users.kind).toBe('value');
    expect(users.kind === 'value' && users.module).toBe('src/routes/users.ts');
    expect(project.evaluate({ k: 'id', name: 'p' }, 'src/app.ts')).toEqual({ k: 'str', v: '/v1/api' });
    const routerCallee = project.resolveExpr({ k: 'id', name: 'Router' }, 'src/routes/users.ts');
    expect(routerCallee).toEqual({ kind: 'external', package: 'express', imported: 'Router', specifier: 'express' });
  });

  it('resolves CommonJS module.exports and destructured requires', () => {
    const project = buildTestProject({
      'lib/config.js': "module.exports = { prefix: '/api', nested: { v: 2 } };\n",
      'lib/app.js': "const config = require('./config');\nconst { prefix } = require('./config');\nconst x = config.nested.v;\n",
    });
    expect(project.evaluate({ k: 'id', name: 'prefix' }, 'lib/app.js')).toEqual({ k: 'str', v: '/api' });
    expect(project.evaluate({ k: 'id', name: 'x' }, 'lib/app.js')).toEqual({ k: 'num', v: 2 });
  });

  it('resolves Python relative and absolute imports, package re-exports and settings attributes', () => {
    const project = buildTestProject({
      'svc/app/__init__.py': '',
      'svc/app/core/__init__.py': 'from .config import settings\n',
      'svc/app/core/config.py': 'class Settings:\n    API_PREFIX: str = "/api"\n\nsettings = Settings()\n',
      'svc/app/api/routes.py': 'from app.core import settings\nfrom ..core.config import Settings\nPREFIX = settings.API_PREFIX + "/v1"\n',
    });
    expect(project.evaluate({ k: 'id', name: 'PREFIX' }, 'svc/app/api/routes.py')).toEqual({ k: 'str', v: '/api/v1' });
    const settingsClass = project.lookup('svc/app/api/routes.py', 'Settings');
    expect(settingsClass.kind === 'class' && settingsClass.cls.name).toBe('Settings');
    expect(project.resolveImport('svc/app/api/routes.py', 'numpy')).toEqual({ external: 'numpy', specifier: 'numpy' });
  });

  it('resolves methods on injected and constructed instances', () => {
    const project = buildTestProject({
      'src/users.service.ts': 'export class UsersService {\n  find(id: string) { return id; }\n}\n',
      'src/users.controller.ts':
        "import { UsersService } from './users.service';\nexport class UsersController {\n  constructor(private readonly users: UsersService) {}\n  get(id: string) { return this.users.find(id); }\n}\n",
      'svc/repo.py': 'class Repo:\n    def load(self):\n        return 1\n\nclass Service:\n    def __init__(self):\n        self.repo = Repo()\n\n    def run(self):\n        return self.repo.load()\n',
    });
    const ts = project.resolveExpr({ k: 'member', obj: { k: 'member', obj: { k: 'id', name: 'this' }, prop: 'users' }, prop: 'find' }, 'src/users.controller.ts', 1);
    expect(ts.kind === 'function' && [ts.module, ts.fn.name, ts.fn.span.startLine]).toEqual(['src/users.service.ts', 'find', 2]);
    const py = project.resolveExpr({ k: 'member', obj: { k: 'member', obj: { k: 'id', name: 'self' }, prop: 'repo' }, prop: 'load' }, 'svc/repo.py', 2);
    expect(py.kind === 'function' && [py.module, py.fn.name, py.fn.span.startLine]).toEqual(['svc/repo.py', 'load', 2]);
  });

  it('resolves tsconfig path aliases', () => {
    const project = buildTestProject(
      { 'api/src/lib/db.ts': 'export const db = 1;\n', 'api/src/app.ts': "import { db } from '@lib/db';\n" },
      { tsconfigs: [{ dir: 'api', baseUrl: 'api', paths: { '@lib/*': ['src/lib/*'] }, strict: true }] },
    );
    expect(project.resolveImport('api/src/app.ts', '@lib/db')).toEqual({ module: 'api/src/lib/db.ts' });
  });

  it("reads where Prisma's generators write their clients, and imports from there as @prisma/client", () => {
    const schema =
      'generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma" // beside the code\n}\n\ngenerator legacy {\n  provider = "prisma-client-js"\n}\n\ngenerator fromEnv {\n  provider = "prisma-client"\n  output   = env("PRISMA_OUT")\n}\n\ngenerator docs {\n  provider = "prisma-docs-generator"\n  output   = "../docs"\n}\n';
    const generatedClients = readPrismaGenerators('api/prisma/schema.prisma', 'api/prisma', schema);
    expect(generatedClients).toEqual([{ dir: 'api/src/generated/prisma', package: '@prisma/client', source: 'api/prisma/schema.prisma' }]);
    const project = buildTestProject(
      {
        'api/src/db.ts': "import { PrismaClient } from './generated/prisma/client';\nexport const prisma = new PrismaClient();\n",
        'api/src/users.ts': "import * as db from 'src/generated/prisma';\nimport { User } from '@db/models';\n",
      },
      { tsconfigs: [{ dir: 'api', baseUrl: 'api', paths: { '@db/*': ['src/generated/prisma/*'] }, strict: true }], generatedClients },
    );
    expect(project.resolveImport('api/src/db.ts', './generated/prisma/client')).toEqual({ external: '@prisma/client', specifier: './generated/prisma/client' });
    expect(project.resolveImport('api/src/users.ts', 'src/generated/prisma')).toEqual({ external: '@prisma/client', specifier: 'src/generated/prisma' });
    expect(project.resolveImport('api/src/users.ts', '@db/models')).toEqual({ external: '@prisma/client', specifier: '@db/models' });
    expect(project.lookup('api/src/db.ts', 'PrismaClient')).toMatchObject({ kind: 'external', package: '@prisma/client', imported: 'PrismaClient' });
    expect(project.lookup('api/src/users.ts', 'User')).toMatchObject({ kind: 'external', package: '@prisma/client', imported: 'User' });
  });
});

describe('function expressions', () => {
  it('bind their own name only inside themselves', () => {
    const project = buildTestProject({
      'src/health.js': 'const health = { handler: async function health() { return 1; } };\nexport default health;\n',
    });
    const exported = project.lookupExport('src/health.js', 'default');
    expect(exported.kind).toBe('value');
    expect(exported.kind === 'value' && exported.expr.k).toBe('obj');
  });
});

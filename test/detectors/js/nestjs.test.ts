import { describe, expect, it } from 'vitest';
import { nestjsDetector } from '../../../src/detectors/js/nestjs/index.js';
import type { DetectedEndpoint, HandlerRef, MountStep } from '../../../src/detectors/types.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, handler, npmPackage } from '../../helpers/endpoint-rows.js';

const step = (prefix: string, file: string, line: number): MountStep => ({ prefix, file, line });

function endpoint(
  method: string,
  path: string,
  file: string,
  line: number,
  handlerRef: HandlerRef | null,
  mountChain: MountStep[],
  extra: Partial<DetectedEndpoint> = {},
): DetectedEndpoint {
  return { method, path, framework: 'nestjs', language: 'typescript', file, line, handler: handlerRef, mountChain, resolution: 'resolved', ...extra };
}

/** Runs only the NestJS detector on in-memory sources with a package.json declaring Nest. */
function detect(files: Record<string, string>) {
  return detectWith(nestjsDetector, files, [npmPackage({ '@nestjs/core': '^10.0.0' })]);
}

describe('NestJS detector on a NestJS application', () => {
  it('lists every controller route with its global prefix, exclusions, versions, RouterModule paths and the gateway', async () => {
    const result = await detectFixture('fixtures/js-nestjs-app', ['nestjs']);
    const API = step('/api', 'src/main.ts', 9);
    const V1 = step('/v1', 'src/setup-app.ts', 5);
    const ADMIN = step('/admin', 'src/app.module.ts', 11);
    const REPORTS = step('/reports', 'src/app.module.ts', 11);
    const USERS = 'src/users/users.controller.ts';
    const ADMIN_CTRL = 'src/admin/admin.controller.ts';
    const REPORTS_CTRL = 'src/admin/reports/reports.controller.ts';
    const jwt = { middleware: [handler('JwtAuthGuard.canActivate', 'src/auth/jwt-auth.guard.ts', 5, 9, 0)] };
    const adminRoles = { middleware: [...jwt.middleware, handler('RolesGuard.canActivate', 'src/auth/roles.guard.ts', 7, 10, 1)] };
    const adminChain = (version: string) => [API, step(version, ADMIN_CTRL, 6), ADMIN, step('/settings', ADMIN_CTRL, 6)];
    const usersChain = (prefix: string) => [API, V1, step(prefix, USERS, 9)];
    const findOne = handler('UsersController.findOne', USERS, 32, 34, 5);
    expect(result.endpoints).toEqual([
      endpoint('GET', '/api/v1/admin/reports/:year', REPORTS_CTRL, 6, handler('ReportsController.byPeriod', REPORTS_CTRL, 7, 9, 0), [API, V1, ADMIN, REPORTS]),
      endpoint('HEAD', '/api/v1/admin/reports/:year', REPORTS_CTRL, 11, handler('ReportsController.exists', REPORTS_CTRL, 12, 14, 1), [API, V1, ADMIN, REPORTS]),
      endpoint('GET', '/api/v1/admin/reports/:year/:month', REPORTS_CTRL, 6, handler('ReportsController.byPeriod', REPORTS_CTRL, 7, 9, 0), [API, V1, ADMIN, REPORTS]),
      endpoint('GET', '/api/v1/admin/reports/live', REPORTS_CTRL, 16, handler('ReportsController.live', REPORTS_CTRL, 17, 19, 2), [API, V1, ADMIN, REPORTS], { tags: ['realtime'] }),
      endpoint('GET', '/api/v1/admin/settings', ADMIN_CTRL, 9, handler('AdminController.read', ADMIN_CTRL, 10, 12, 0), adminChain('/v1'), jwt),
      endpoint('PATCH', '/api/v1/admin/settings', ADMIN_CTRL, 14, handler('AdminController.update', ADMIN_CTRL, 16, 18, 1), adminChain('/v1'), adminRoles),
      endpoint('ALL', '/api/v1/admin/settings/legacy/*', ADMIN_CTRL, 20, handler('AdminController.legacy', ADMIN_CTRL, 21, 23, 2), adminChain('/v1'), jwt),
      endpoint('GET', '/api/v1/members', USERS, 14, handler('UsersController.findAll', USERS, 15, 17, 1), usersChain('/members'), jwt),
      endpoint('POST', '/api/v1/members', USERS, 36, handler('UsersController.create', USERS, 37, 39, 6), usersChain('/members'), jwt),
      endpoint('DELETE', '/api/v1/members/:id', USERS, 41, handler('UsersController.remove', USERS, 42, 44, 7), usersChain('/members'), jwt),
      endpoint('GET', '/api/v1/members/export', USERS, 19, handler('UsersController.exportCsv', USERS, 21, 23, 2), usersChain('/members'), jwt),
      endpoint('POST', '/api/v1/members/export', USERS, 25, handler('UsersController.scheduleExport', USERS, 26, 28, 4), usersChain('/members'), jwt),
      endpoint('GET', '/api/v1/users', USERS, 14, handler('UsersController.findAll', USERS, 15, 17, 1), usersChain('/users'), jwt),
      endpoint('POST', '/api/v1/users', USERS, 36, handler('UsersController.create', USERS, 37, 39, 6), usersChain('/users'), jwt),
      endpoint('DELETE', '/api/v1/users/:id', USERS, 41, handler('UsersController.remove', USERS, 42, 44, 7), usersChain('/users'), jwt),
      // POST is not excluded: the exclusion names GET only.
      endpoint('POST', '/api/v1/users/export', USERS, 25, handler('UsersController.scheduleExport', USERS, 26, 28, 4), usersChain('/users'), jwt),
      endpoint('GET', '/api/v2/admin/settings', ADMIN_CTRL, 9, handler('AdminController.read', ADMIN_CTRL, 10, 12, 0), adminChain('/v2'), jwt),
      endpoint('PATCH', '/api/v2/admin/settings', ADMIN_CTRL, 14, handler('AdminController.update', ADMIN_CTRL, 16, 18, 1), adminChain('/v2'), adminRoles),
      endpoint('ALL', '/api/v2/admin/settings/legacy/*', ADMIN_CTRL, 20, handler('AdminController.legacy', ADMIN_CTRL, 21, 23, 2), adminChain('/v2'), jwt),
      endpoint('GET', '/api/v2/members/:id', USERS, 30, findOne, [API, step('/v2', USERS, 31), step('/members', USERS, 9)], jwt),
      endpoint('GET', '/api/v2/users/:id', USERS, 30, findOne, [API, step('/v2', USERS, 31), step('/users', USERS, 9)], jwt),
      // Excluded from the global prefix by name, and version-neutral.
      endpoint('GET', '/health', 'src/health/health.controller.ts', 5, handler('HealthController.check', 'src/health/health.controller.ts', 7, 9, 0), [
        step('/health', 'src/health/health.controller.ts', 3),
      ]),
      endpoint('WS', '/socket.io/chat', 'src/events/events.gateway.ts', 4, handler('EventsGateway', 'src/events/events.gateway.ts', 5, 23), [], {
        events: ['join', 'message'],
        tags: ['realtime'],
      }),
      // Excluded from the global prefix for GET, still versioned.
      endpoint('GET', '/v1/users/export', USERS, 19, handler('UsersController.exportCsv', USERS, 21, 23, 2), [V1, step('/users', USERS, 9)], jwt),
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(result.frameworks).toEqual([{ id: 'nestjs', title: 'NestJS', language: 'js', endpoints: 24 }]);
  });
});

describe('NestJS detector edge cases', () => {
  it('keeps a route whose controller path is not static, with an unresolved segment and a diagnostic', () => {
    const result = detect({
      'src/orders.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller(process.env.ORDERS_PATH)
export class OrdersController {
  @Get(':id')
  find() {}
}
`,
    });
    expect(result.endpoints).toEqual([
      endpoint('GET', '/{unresolved:process.env.ORDERS_PATH}/:id', 'src/orders.controller.ts', 4, handler('OrdersController.find', 'src/orders.controller.ts', 5, 5, 0), [
        step('/{unresolved:process.env.ORDERS_PATH}', 'src/orders.controller.ts', 2),
      ], { resolution: 'partial' }),
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'unresolved-route-part',
        message: 'Controller path could not be resolved statically: process.env.ORDERS_PATH',
        file: 'src/orders.controller.ts',
        line: 2,
        source: 'detectors:nestjs',
      },
    ]);
  });

  it('ignores decorators that are not imported from Nest', () => {
    const result = detect({
      'src/fake.ts': `function Controller(path: string) { return (target: unknown) => target; }
function Get(path?: string) { return () => undefined; }
@Controller('fake')
export class NotNest {
  @Get('x')
  run() {}
}
`,
    });
    expect(result.endpoints).toEqual([]);
  });

  it('inherits routes from a base controller class, and an override without a decorator drops the route', () => {
    const result = detect({
      'src/base.controller.ts': `import { Get, Delete, Param } from '@nestjs/common';
export abstract class CrudController {
  @Get()
  list() {}

  @Delete(':id')
  remove(@Param('id') id: string) {}
}
`,
      'src/tags.controller.ts': `import { Controller, Post } from '@nestjs/common';
import { CrudController } from './base.controller';
@Controller('tags')
export class TagsController extends CrudController {
  @Post()
  create() {}

  remove() {}
}
`,
    });
    expect(result.endpoints).toEqual([
      endpoint('GET', '/tags', 'src/base.controller.ts', 3, handler('CrudController.list', 'src/base.controller.ts', 4, 4, 0), [step('/tags', 'src/tags.controller.ts', 3)]),
      endpoint('POST', '/tags', 'src/tags.controller.ts', 5, handler('TagsController.create', 'src/tags.controller.ts', 6, 6, 0), [step('/tags', 'src/tags.controller.ts', 3)]),
    ]);
  });

  it('applies each app of a monorepo to the controllers its root module reaches', () => {
    const result = detect({
      'apps/api/src/main.ts': `import { NestFactory } from '@nestjs/core';
import { ApiModule } from './api.module';
async function bootstrap() {
  const app = await NestFactory.create(ApiModule);
  app.setGlobalPrefix('api');
  await app.listen(3000);
}
bootstrap();
`,
      'apps/api/src/api.module.ts': `import { Module, forwardRef } from '@nestjs/common';
import { SharedModule } from '../../../libs/shared/shared.module';
@Module({ imports: [forwardRef(() => SharedModule)] })
export class ApiModule {}
`,
      'apps/admin/src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AdminAppModule } from './admin-app.module';
NestFactory.create(AdminAppModule).then((app) => app.listen(4000));
`,
      'apps/admin/src/admin-app.module.ts': `import { Module } from '@nestjs/common';
@Module({})
export class AdminAppModule {}
`,
      'libs/shared/shared.module.ts': `import { Module } from '@nestjs/common';
import { StatusController } from './status.controller';
@Module({ controllers: [StatusController] })
export class SharedModule {}
`,
      'libs/shared/status.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('status')
export class StatusController {
  @Get()
  get() {}
}
`,
    });
    expect(result.endpoints).toEqual([
      endpoint('GET', '/api/status', 'libs/shared/status.controller.ts', 4, handler('StatusController.get', 'libs/shared/status.controller.ts', 5, 5, 0), [
        step('/api', 'apps/api/src/main.ts', 5),
        step('/status', 'libs/shared/status.controller.ts', 2),
      ]),
    ]);
  });

  it('reads header versioning (no path change), URI versioning without a prefix, and VERSION_NEUTRAL in arrays', () => {
    const controller = `import { Controller, Get, VERSION_NEUTRAL } from '@nestjs/common';
@Controller({ path: 'cats', version: ['3', VERSION_NEUTRAL] })
export class CatsController {
  @Get()
  list() {}
}
`;
    const main = (options: string) => `import { NestFactory } from '@nestjs/core';
import { VersioningType } from '@nestjs/common';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableVersioning(${options});
}
`;
    const header = detect({ 'src/main.ts': main(`{ type: VersioningType.HEADER, header: 'X-Version' }`), 'src/cats.controller.ts': controller });
    expect(header.endpoints.map((e) => e.path)).toEqual(['/cats']);
    const uri = detect({ 'src/main.ts': main(`{ type: VersioningType.URI, prefix: false }`), 'src/cats.controller.ts': controller });
    expect(uri.endpoints.map((e) => [e.path, e.mountChain])).toEqual([
      ['/3/cats', [step('/3', 'src/cats.controller.ts', 2), step('/cats', 'src/cats.controller.ts', 2)]],
      ['/cats', [step('/cats', 'src/cats.controller.ts', 2)]],
    ]);
  });

  it('matches exclusions written as path-to-regexp patterns', () => {
    const result = detect({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { RequestMethod } from '@nestjs/common';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('v1/', { exclude: ['auth/(.*)', { path: 'files/:name', method: RequestMethod.ALL }, { path: 'metrics', method: RequestMethod.POST }] });
}
`,
      'src/misc.controller.ts': `import { Controller, Get, Post } from '@nestjs/common';
@Controller()
export class MiscController {
  @Get('auth/google/callback') a() {}
  @Get('files/:id') b() {}
  @Get('files/:id/raw') c() {}
  @Get('metrics') d() {}
  @Post('metrics') e() {}
}
`,
    });
    expect(result.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /auth/google/callback',
      'GET /files/:id',
      'POST /metrics',
      'GET /v1/files/:id/raw',
      'GET /v1/metrics',
    ]);
  });

  it('treats a global prefix of "/" as no prefix', () => {
    const result = detect({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('/');
}
`,
      'src/ping.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('ping')
export class PingController {
  @Get()
  ping() {}
}
`,
    });
    expect(result.endpoints.map((e) => [e.path, e.mountChain])).toEqual([['/ping', [step('/ping', 'src/ping.controller.ts', 2)]]]);
  });

  it('gives a RouterModule child listed as a bare module class its parent path', () => {
    const result = detect({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { BillingModule } from './billing.module';
import { InvoicesModule } from './invoices.module';
@Module({
  imports: [
    RouterModule.register([
      { path: 'billing', module: BillingModule, children: [InvoicesModule] },
    ]),
  ],
})
export class AppModule {}
`,
      'src/billing.module.ts': `import { Module } from '@nestjs/common';
@Module({})
export class BillingModule {}
`,
      'src/invoices.module.ts': `import { Module } from '@nestjs/common';
import { InvoicesController } from './invoices.controller';
const metadata = { controllers: [InvoicesController] };
@Module(metadata)
export class InvoicesModule {}
`,
      'src/invoices.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('invoices')
export class InvoicesController {
  @Get()
  list() {}
}
`,
    });
    expect(result.endpoints.map((e) => [e.path, e.mountChain])).toEqual([
      ['/billing/invoices', [step('/billing', 'src/app.module.ts', 7), step('/invoices', 'src/invoices.controller.ts', 2)]],
    ]);
  });

  it('follows the app into a helper that configures it and through chained calls', () => {
    const result = detect({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { setup } from './setup';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  setup(app);
}
`,
      'src/setup.ts': `import { INestApplication, VersioningType } from '@nestjs/common';
export function setup(nest: INestApplication) {
  nest.setGlobalPrefix('api').enableVersioning({ type: VersioningType.URI, defaultVersion: ['1', '2'] });
}
`,
      'src/ping.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('ping')
export class PingController {
  @Get()
  ping() {}
}
`,
    });
    expect(result.endpoints.map((e) => e.path)).toEqual(['/api/v1/ping', '/api/v2/ping']);
  });

  it('puts a ws-adapter gateway at its path, and flags a RegExp namespace on a socket.io gateway', () => {
    const gateway = `import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
@WebSocketGateway(8080, { path: '/live' })
export class LiveGateway {
  @SubscribeMessage(\`price:\${'update'}\`)
  onPrice() {}
}
`;
    const ws = detect({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { WsAdapter } from '@nestjs/platform-ws';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.useWebSocketAdapter(new WsAdapter(app));
}
`,
      'src/live.gateway.ts': gateway,
    });
    expect(ws.endpoints.map((e) => [e.method, e.path, e.events, e.resolution])).toEqual([['WS', '/live', ['price:update'], 'resolved']]);
    const io = detect({
      'src/rooms.gateway.ts': `import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
@WebSocketGateway({ namespace: /^\\/room-\\d+$/ })
export class RoomsGateway {
  @SubscribeMessage('say')
  say() {}
}
`,
    });
    expect(io.endpoints.map((e) => [e.method, e.path, e.events, e.resolution])).toEqual([['WS', '/socket.io/{unresolved:/^\\/room-\\d+$/}', ['say'], 'partial']]);
    expect(io.diagnostics.map((d) => [d.message, d.line])).toEqual([['Gateway namespace could not be resolved statically: /^\\/room-\\d+$/', 2]]);
  });

  it('marks an unresolved global prefix on every prefixed route', () => {
    const result = detect({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix(config.get('PREFIX'));
}
`,
      'src/ping.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('ping')
export class PingController {
  @Get()
  ping() {}
}
`,
    });
    expect(result.endpoints.map((e) => [e.path, e.resolution, e.mountChain[0]])).toEqual([
      ["/{unresolved:config.get(\"PREFIX\")}/ping", 'partial', step("/{unresolved:config.get(\"PREFIX\")}", 'src/main.ts', 5)],
    ]);
    expect(result.diagnostics.map((d) => d.message)).toEqual(['Global prefix could not be resolved statically: config.get("PREFIX")']);
  });
});

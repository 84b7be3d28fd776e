import { describe, expect, it } from 'vitest';
import type { Classification } from '../../src/classification/types.js';
import { classifySources } from './helpers.js';

/** Each piece of evidence as `signal weight: step file:line -> ...`, for exact comparison. */
function chains(result: Classification): string[] {
  return result.evidence.map((e) => `${e.signal} ${e.weight}: ${e.chain.map((s) => `${s.name} ${s.file}:${s.line}`).join(' -> ')}`);
}

describe('framework-triggered code', () => {
  it('runs Mongoose pre(save) hooks on Model.create and schema methods on documents it returns', () => {
    const { classifications } = classifySources(
      {
        'src/models/user.js':
          "const mongoose = require('mongoose');\nconst bcrypt = require('bcryptjs');\nconst userSchema = new mongoose.Schema({ email: String, password: String });\nuserSchema.pre('save', async function (next) {\n  this.password = await bcrypt.hash(this.password, 10);\n  next();\n});\nuserSchema.methods.checkPassword = function (plain) {\n  return bcrypt.compare(plain, this.password);\n};\nmodule.exports = mongoose.model('User', userSchema);\n",
        'src/routes.js':
          "const User = require('./models/user');\nasync function signup(req, res) {\n  const user = await User.create({ email: req.body.email, password: req.body.password });\n  res.json(user);\n}\nasync function login(req, res) {\n  const user = await User.findOne({ email: req.body.email });\n  const ok = await user.checkPassword(req.body.password);\n  res.json({ ok });\n}\nmodule.exports = { signup, login };\n",
      },
      [{ file: 'src/routes.js', handler: 'signup' }, { file: 'src/routes.js', handler: 'login' }],
    );
    expect(chains(classifications[0]!)).toEqual([
      "npm:bcryptjs.hash 5: signup src/routes.js:2 -> Mongoose pre('save') hook src/routes.js:3 -> bcrypt.hash src/models/user.js:5",
      'npm:mongoose 1: signup src/routes.js:2 -> User.create src/routes.js:3',
    ]);
    // The schema method is code of the repository, not a query: only findOne is a round trip.
    expect(chains(classifications[1]!)).toEqual([
      'npm:bcryptjs.hash 5: login src/routes.js:6 -> userSchema.methods.checkPassword (Mongoose schema method) src/routes.js:8 -> bcrypt.compare src/models/user.js:9',
      'npm:mongoose 1: login src/routes.js:6 -> User.findOne src/routes.js:7',
    ]);
    expect(classifications.map((c) => c.kind)).toEqual(['mixed', 'mixed']);
  });

  it('follows Django save() overrides, post_save receivers, login_required and password hashing on user models', () => {
    const { classifications } = classifySources(
      {
        'shop/models.py':
          'from django.contrib.auth.models import AbstractUser\nfrom django.db import models\n\nclass Customer(AbstractUser):\n    phone = models.CharField(max_length=20)\n\nclass Invoice(models.Model):\n    total = models.IntegerField()\n\n    def save(self, *args, **kwargs):\n        self.total = round(self.total)\n        super().save(*args, **kwargs)\n',
        'shop/signals.py':
          'import zlib\nfrom django.db.models.signals import post_save\nfrom django.dispatch import receiver\nfrom shop.models import Invoice\n\n@receiver(post_save, sender=Invoice)\ndef archive_invoice(sender, instance, **kwargs):\n    zlib.compress(str(instance.total).encode())\n',
        'shop/views.py':
          "from django.contrib.auth.decorators import login_required\nfrom django.http import JsonResponse\nfrom shop.models import Customer, Invoice\n\n@login_required\ndef create_invoice(request):\n    invoice = Invoice(total=10)\n    invoice.save()\n    return JsonResponse({'id': invoice.id})\n\ndef register(request):\n    customer = Customer.objects.create_user(request.POST['email'], password=request.POST['password'])\n    return JsonResponse({'id': customer.id})\n\ndef set_pw(request):\n    customer = Customer.objects.get(pk=request.user.id)\n    customer.set_password(request.POST['password'])\n    customer.save()\n    return JsonResponse({})\n",
      },
      [{ file: 'shop/views.py', handler: 'create_invoice' }, { file: 'shop/views.py', handler: 'register' }, { file: 'shop/views.py', handler: 'set_pw' }],
    );
    expect(chains(classifications[0]!)).toEqual([
      'python:zlib 3: create_invoice shop/views.py:6 -> Invoice.save shop/views.py:8 -> archive_invoice (Django post_save receiver) shop/models.py:12 -> zlib.compress shop/signals.py:8',
      'pypi:django.login 1: create_invoice shop/views.py:6 -> @login_required shop/views.py:6',
      'pypi:django.orm 1: create_invoice shop/views.py:6 -> Invoice.save shop/views.py:8 -> super().save shop/models.py:12',
    ]);
    expect(chains(classifications[1]!)).toEqual(['pypi:django.auth-hashing 5: register shop/views.py:11 -> Customer.objects.create_user shop/views.py:12']);
    expect(chains(classifications[2]!)).toEqual([
      'pypi:django.auth-hashing 5: set_pw shop/views.py:15 -> customer.set_password shop/views.py:17',
      'pypi:django.orm 1: set_pw shop/views.py:15 -> Customer.objects.get shop/views.py:16',
      'pypi:django.orm 1: set_pw shop/views.py:15 -> customer.save shop/views.py:18',
    ]);
    expect(classifications.map((c) => c.kind)).toEqual(['mixed', 'cpu', 'mixed']);
  });

  it('runs SQLAlchemy before_insert listeners for instances added to a session; a Celery delay is a queue send', () => {
    const { classifications } = classifySources(
      {
        'app/models.py':
          "from sqlalchemy import event\nfrom sqlalchemy.orm import DeclarativeBase\nfrom passlib.hash import bcrypt\n\nclass Base(DeclarativeBase):\n    pass\n\nclass Account(Base):\n    __tablename__ = 'accounts'\n\n@event.listens_for(Account, 'before_insert')\ndef hash_secret(mapper, connection, target):\n    target.secret = bcrypt.hash(target.secret)\n",
        'app/tasks.py': 'from celery import shared_task\n\n@shared_task\ndef send_welcome(account_id):\n    return account_id\n',
        'app/views.py':
          'from sqlalchemy.orm import Session\nfrom app.models import Account\nfrom app.tasks import send_welcome\n\ndef create_account(db: Session, name: str):\n    account = Account(name=name)\n    db.add(account)\n    db.commit()\n    send_welcome.delay(account.id)\n    return account\n',
      },
      [{ file: 'app/views.py', handler: 'create_account' }],
    );
    expect(chains(classifications[0]!)).toEqual([
      "pypi:passlib 5: create_account app/views.py:5 -> hash_secret (SQLAlchemy 'before_insert' listener) app/views.py:7 -> bcrypt.hash app/models.py:13",
      'pypi:sqlalchemy 1: create_account app/views.py:5 -> db.commit app/views.py:8',
      'pypi:celery 1: create_account app/views.py:5 -> send_welcome.delay app/views.py:9',
    ]);
  });

  it('runs Sequelize hooks declared in Model.init, and treats an awaited query result as data', () => {
    const { classifications } = classifySources(
      {
        'src/models.ts':
          "import { Model, DataTypes, Sequelize } from 'sequelize';\nimport argon2 from 'argon2';\nexport const sequelize = new Sequelize('postgres://x');\nexport class Member extends Model {}\nMember.init({ email: DataTypes.STRING }, { sequelize, hooks: { beforeCreate: async (m: any) => { m.pw = await argon2.hash(m.pw); } } });\n",
        'src/redis.ts': "import Redis from 'ioredis';\nexport const redis = new Redis();\n",
        'src/routes.ts':
          "import { Member } from './models';\nimport { redis } from './redis';\nexport async function join(req: any, res: any) {\n  const member = await Member.create(req.body);\n  const ids = await redis.smembers('members');\n  res.json({ id: member.id, all: ids.map((x) => x.trim()) });\n}\n",
      },
      [{ file: 'src/routes.ts', handler: 'join' }],
    );
    // `ids.map(...)` works on the array redis returned: not another round trip.
    expect(chains(classifications[0]!)).toEqual([
      'npm:argon2.hash 5: join src/routes.ts:3 -> beforeCreate (Sequelize beforeCreate hook) src/routes.ts:4 -> argon2.hash src/models.ts:5',
      'npm:sequelize 1: join src/routes.ts:3 -> Member.create src/routes.ts:4',
      'npm:ioredis 1: join src/routes.ts:3 -> redis.smembers src/routes.ts:5',
    ]);
  });

  it('enters NestJS guards: AuthGuard(jwt) reaches the PassportStrategy validate; an SSE response tags realtime', () => {
    const { classifications } = classifySources(
      {
        'src/jwt.strategy.ts':
          "import { Injectable } from '@nestjs/common';\nimport { PassportStrategy } from '@nestjs/passport';\nimport { Strategy } from 'passport-jwt';\nimport { pbkdf2Sync } from 'node:crypto';\n@Injectable()\nexport class JwtStrategy extends PassportStrategy(Strategy) {\n  validate(payload: any) { return pbkdf2Sync(payload.sub, 's', 100000, 64, 'sha512'); }\n}\n",
        'src/events.controller.ts':
          "import { Controller, Get, Res, UseGuards } from '@nestjs/common';\nimport { AuthGuard } from '@nestjs/passport';\n@Controller('events')\nexport class EventsController {\n  @Get()\n  @UseGuards(AuthGuard('jwt'))\n  stream(@Res() res: any) {\n    res.writeHead(200, { 'Content-Type': 'text/event-stream' });\n    res.write('data: hi\\n\\n');\n  }\n}\n",
      },
      [{ file: 'src/events.controller.ts', handler: 'EventsController.stream' }],
    );
    const result = classifications[0]!;
    expect(chains(result)).toEqual([
      "node:crypto.kdf-sync 5: JwtStrategy.validate (passport strategy 'jwt') src/jwt.strategy.ts:7 -> pbkdf2Sync src/jwt.strategy.ts:7",
      'heuristic:sse-response 0.5: EventsController.stream src/events.controller.ts:7 -> res.writeHead src/events.controller.ts:8',
    ]);
    expect([result.kind, result.tags, result.evidence[1]!.heuristic]).toEqual(['cpu', ['realtime'], true]);
    expect(result.confidenceNotes).toEqual(['1 sink matched by name only (receiver type unknown): heuristic:sse-response']);
    expect(result.confidence).toBe(0.85);
  });

  it('resolves a NestJS @Inject(token) parameter to the class its provider names', () => {
    const { classifications } = classifySources(
      {
        'src/users.repository.ts': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport class PgUsersRepository {\n  find(id: string) {\n    return pool.query('select * from users where id = $1', [id]);\n  }\n}\n",
        'src/users.module.ts': "import { Module } from '@nestjs/common';\nimport { PgUsersRepository } from './users.repository';\nimport { UsersController } from './users.controller';\n@Module({ controllers: [UsersController], providers: [{ provide: 'USERS', useClass: PgUsersRepository }] })\nexport class UsersModule {}\n",
        'src/users.controller.ts': "import { Controller, Get, Inject, Param } from '@nestjs/common';\ninterface UsersStore { find(id: string): Promise<unknown>; }\n@Controller('users')\nexport class UsersController {\n  constructor(@Inject('USERS') private readonly users: UsersStore) {}\n  @Get(':id')\n  one(@Param('id') id: string) {\n    return this.users.find(id);\n  }\n}\n",
      },
      [{ file: 'src/users.controller.ts', handler: 'UsersController.one' }],
    );
    expect(chains(classifications[0]!)).toEqual(['npm:pg 1: UsersController.one src/users.controller.ts:7 -> PgUsersRepository.find src/users.controller.ts:8 -> pool.query src/users.repository.ts:5']);
  });

  it('stops at the depth bound on a very deep chain and says so', () => {
    const chain = Array.from({ length: 30 }, (_, i) => `function f${i}() { return f${i + 1}(); }\n`).join('');
    const { classifications } = classifySources(
      { 'src/deep.js': `${chain}function f30() { return require('zlib').gzipSync('x'); }\nfunction handler(req, res) { res.send(f0()); }\n` },
      [{ file: 'src/deep.js', handler: 'handler' }],
    );
    const result = classifications[0]!;
    expect([result.kind, result.evidence, result.reachedLines]).toEqual(['io', [], 25]);
    expect(result.confidenceNotes).toEqual([
      'depth limit of 24 calls reached; not followed beyond f23 (src/deep.js:24)',
      'no sink reached: the label is the default for code that neither waits nor computes visibly',
    ]);
    expect(result.confidence).toBe(0.5);
  });
});

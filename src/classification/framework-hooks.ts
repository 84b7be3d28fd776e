import type { Binding, ProjectIndex } from '../linking/types.js';
import type { ClassFact, Expr, FunctionFact, ModuleFacts, ScopeId } from '../parsing/types.js';
import { calleeName, CallResolver, canonicalSymbol, type CallTarget, type ModelClass, type Receiver } from './resolve-calls.js';

/**
 * Code a framework runs on the handler's behalf: ORM lifecycle hooks that fire when an entity is
 * saved, signal receivers, and authentication strategies behind `passport.authenticate`. The
 * index is built by one scan over every module; the call graph asks it, per call, which hooks
 * that call triggers. docs/classification.md lists what is covered and what is not.
 */

export interface TriggeredFunction {
  module: string;
  fn: FunctionFact;
  /** How the framework reaches it, shown in the evidence chain: `TypeORM @BeforeInsert`. */
  label: string;
}

interface HookFn {
  module: string;
  fn: FunctionFact;
  event: string;
  label: string;
}

const TYPEORM_DECORATORS: Record<string, string> = {
  BeforeInsert: 'insert',
  AfterInsert: 'insert',
  BeforeUpdate: 'update',
  AfterUpdate: 'update',
  BeforeRemove: 'remove',
  AfterRemove: 'remove',
  BeforeSoftRemove: 'soft-remove',
  AfterSoftRemove: 'soft-remove',
};
const TYPEORM_SUBSCRIBER_METHODS: Record<string, string> = {
  beforeInsert: 'insert',
  afterInsert: 'insert',
  beforeUpdate: 'update',
  afterUpdate: 'update',
  beforeRemove: 'remove',
  afterRemove: 'remove',
};
/** Which TypeORM lifecycle events a repository or manager method fires (listeners run on save/remove only). */
const TYPEORM_TRIGGERS: Record<string, string[]> = {
  save: ['insert', 'update'],
  remove: ['remove'],
  softRemove: ['soft-remove'],
};

const SEQUELIZE_EVENTS: Record<string, string[]> = {
  create: ['beforeValidate', 'afterValidate', 'beforeCreate', 'afterCreate', 'beforeSave', 'afterSave'],
  save: ['beforeValidate', 'afterValidate', 'beforeCreate', 'afterCreate', 'beforeUpdate', 'afterUpdate', 'beforeSave', 'afterSave'],
  update: ['beforeValidate', 'afterValidate', 'beforeUpdate', 'afterUpdate', 'beforeSave', 'afterSave', 'beforeBulkUpdate', 'afterBulkUpdate'],
  destroy: ['beforeDestroy', 'afterDestroy', 'beforeBulkDestroy', 'afterBulkDestroy'],
  bulkCreate: ['beforeBulkCreate', 'afterBulkCreate'],
};

/** Mongoose document middleware fired by model and document methods. */
const MONGOOSE_EVENTS: Record<string, string[]> = {
  save: ['validate', 'save'],
  create: ['validate', 'save'],
  insertMany: ['insertMany'],
  updateOne: ['updateOne'],
  deleteOne: ['deleteOne'],
  findOneAndUpdate: ['findOneAndUpdate'],
  findOneAndDelete: ['findOneAndDelete'],
  findByIdAndUpdate: ['findOneAndUpdate'],
  findByIdAndDelete: ['findOneAndDelete'],
  updateMany: ['updateMany'],
  deleteMany: ['deleteMany'],
  find: ['find'],
  findOne: ['findOne'],
  findById: ['findOne'],
};

const DJANGO_EVENTS: Record<string, string[]> = {
  save: ['pre_save', 'post_save'],
  create: ['pre_save', 'post_save'],
  get_or_create: ['pre_save', 'post_save'],
  update_or_create: ['pre_save', 'post_save'],
  delete: ['pre_delete', 'post_delete'],
};

const SQLALCHEMY_EVENTS: Record<string, string[]> = {
  add: ['before_insert', 'after_insert', 'before_update', 'after_update'],
  add_all: ['before_insert', 'after_insert'],
  merge: ['before_insert', 'after_insert', 'before_update', 'after_update'],
  delete: ['before_delete', 'after_delete'],
};

export class FrameworkHooks {
  private readonly typeorm = new Map<string, HookFn[]>();
  private readonly sequelize = new Map<string, HookFn[]>();
  private readonly mongoose = new Map<string, HookFn[]>();
  private readonly mongooseMethods = new Map<string, Map<string, { module: string; fn: FunctionFact }>>();
  private readonly django = new Map<string, HookFn[]>();
  private readonly sqlalchemy = new Map<string, HookFn[]>();
  private readonly strategies = new Map<string, TriggeredFunction[]>();

  constructor(
    private readonly project: ProjectIndex,
    private readonly resolver: CallResolver,
  ) {
    for (const module of project.modules.values()) {
      if (module.isTest) continue;
      this.scanClasses(module);
      this.scanCalls(module);
      this.scanFunctions(module);
    }
  }

  get strategyCount(): number {
    return this.strategies.size;
  }

  // ---------------------------------------------------------------- index

  private scanClasses(module: ModuleFacts): void {
    for (const cls of module.classes) {
      const classKey = keyOfClass(module.path, cls);
      const classDecorators = cls.decorators.map((d) => this.externalName(d, module.path, cls.parent)).filter((d): d is { package: string; name: string } => d !== null);
      const isSubscriber = classDecorators.some((d) => d.package === 'typeorm' && d.name === 'EventSubscriber');
      for (const id of cls.methods) {
        const fn = module.functions[id]!;
        for (const decorator of fn.decorators) {
          const external = this.externalName(decorator, module.path, cls.parent);
          if (!external) continue;
          if (external.package === 'typeorm' && TYPEORM_DECORATORS[external.name]) {
            push(this.typeorm, classKey, { module: module.path, fn, event: TYPEORM_DECORATORS[external.name]!, label: `TypeORM @${external.name}` });
          }
          if ((external.package === 'sequelize-typescript' || external.package === 'sequelize') && /^(Before|After)/.test(external.name)) {
            const event = external.name[0]!.toLowerCase() + external.name.slice(1);
            push(this.sequelize, classKey, { module: module.path, fn, event, label: `Sequelize @${external.name}` });
          }
        }
        if (isSubscriber && TYPEORM_SUBSCRIBER_METHODS[fn.name]) {
          const entity = this.subscriberEntity(module, cls);
          if (entity) push(this.typeorm, entity, { module: module.path, fn, event: TYPEORM_SUBSCRIBER_METHODS[fn.name]!, label: `TypeORM subscriber ${cls.name}.${fn.name}` });
        }
      }
      // NestJS: `class LocalStrategy extends PassportStrategy(Strategy, 'name') { validate() }`.
      for (const baseExpr of cls.bases) {
        if (baseExpr.k !== 'call') continue;
        const callee = this.resolver.resolveExpr(baseExpr.callee, module.path, cls.parent);
        if (callee.kind !== 'external' || callee.package !== '@nestjs/passport' || canonicalSymbol(callee.imported) !== 'PassportStrategy') continue;
        const validate = cls.methods.map((id) => module.functions[id]!).find((f) => f.name === 'validate');
        if (!validate) continue;
        const named = baseExpr.args[1]?.value;
        const strategy = baseExpr.args[0] ? this.resolver.resolveExpr(baseExpr.args[0].value, module.path, cls.parent) : null;
        const name = named?.k === 'str' ? named.v : strategy?.kind === 'external' ? defaultStrategyName(strategy.package, strategy.imported) : null;
        if (name) push(this.strategies, name, { module: module.path, fn: validate, label: `passport strategy '${name}'` });
      }
    }
  }

  private scanFunctions(module: ModuleFacts): void {
    if (module.language !== 'python') return;
    for (const fn of module.functions) {
      for (const decorator of fn.decorators) {
        if (decorator.k !== 'call') continue;
        const callee = this.resolver.resolveExpr(decorator.callee, module.path, fn.parent);
        if (callee.kind !== 'external') continue;
        const name = canonicalSymbol(callee.imported);
        // Django: @receiver(post_save, sender=User)
        if (callee.package === 'django' && /(^|\.)receiver$/.test(name)) {
          const signal = this.djangoSignalName(decorator.args[0]?.value, module.path, fn.parent);
          const sender = decorator.args.find((a) => a.name === 'sender')?.value;
          const model = sender ? this.classOf(sender, module.path, fn.parent) : null;
          if (signal && model) push(this.django, model, { module: module.path, fn, event: signal, label: `Django ${signal} receiver` });
        }
        // SQLAlchemy: @event.listens_for(User, 'before_insert')
        if (callee.package === 'sqlalchemy' && /(^|\.)listens_for$/.test(name)) {
          const model = decorator.args[0] ? this.classOf(decorator.args[0].value, module.path, fn.parent) : null;
          const event = decorator.args[1]?.value;
          if (model && event?.k === 'str') push(this.sqlalchemy, model, { module: module.path, fn, event: event.v, label: `SQLAlchemy '${event.v}' listener` });
        }
      }
    }
  }

  private scanCalls(module: ModuleFacts): void {
    for (const call of module.calls) {
      if (call.callee.k !== 'member' || !call.args || call.args.length === 0) continue;
      const method = call.callee.prop;
      if (method === 'pre' || method === 'post') this.scanMongooseHook(module, call.callee.obj, call.args.map((a) => a.value), call.scope, method);
      else if (method === 'use') this.scanPassportUse(module, call.callee, call.args.map((a) => a.value), call.scope);
      else if (method === 'connect') this.scanDjangoConnect(module, call.callee.obj, call.args, call.scope);
      else if (method === 'listen') this.scanSqlalchemyListen(module, call.callee, call.args.map((a) => a.value), call.scope);
      else if (method === 'addHook' || method === 'hook' || /^(before|after)[A-Z]/.test(method)) this.scanSequelizeHook(module, call.callee.obj, method, call.args.map((a) => a.value), call.scope);
      else if (method === 'init' || method === 'define') this.scanSequelizeOptions(module, call.callee.obj, method, call.args.map((a) => a.value), call.scope, call.line);
    }
    for (const assignment of module.assignments) {
      // schema.methods.comparePassword = function () {...}
      const target = assignment.target;
      if (target.k !== 'member' || target.obj.k !== 'member' || target.obj.prop !== 'methods') continue;
      const schema = this.bindingKey(target.obj.obj, module.path, assignment.scope);
      const fn = this.functionOf(assignment.value, module.path, assignment.scope);
      if (schema && fn) {
        let methods = this.mongooseMethods.get(schema);
        if (!methods) this.mongooseMethods.set(schema, (methods = new Map()));
        methods.set(target.prop, fn);
      }
    }
  }

  private scanMongooseHook(module: ModuleFacts, schemaExpr: Expr, args: Expr[], scope: ScopeId, method: string): void {
    const schema = this.resolver.resolveExpr(schemaExpr, module.path, scope);
    if (schema.kind !== 'external' || schema.package !== 'mongoose') return;
    const key = this.bindingKey(schemaExpr, module.path, scope);
    const first = args[0];
    if (!key || !first) return;
    const events = first.k === 'str' ? [first.v] : first.k === 'arr' ? first.items.flatMap((i) => (i.k === 'str' ? [i.v] : [])) : [];
    for (const arg of args.slice(1)) {
      const fn = this.functionOf(arg, module.path, scope);
      if (!fn) continue;
      for (const event of events) push(this.mongoose, key, { ...fn, event, label: `Mongoose ${method}('${event}') hook` });
    }
  }

  private scanPassportUse(module: ModuleFacts, callee: Expr, args: Expr[], scope: ScopeId): void {
    const use = this.resolver.resolveExpr(callee, module.path, scope);
    if (use.kind !== 'external' || use.package !== 'passport') return;
    const strategyExpr = args.find((a) => a.k === 'call');
    if (!strategyExpr || strategyExpr.k !== 'call') return;
    const strategyClass = this.resolver.resolveExpr(strategyExpr.callee, module.path, scope);
    const named = args[0]?.k === 'str' ? args[0].v : null;
    const name = named ?? (strategyClass.kind === 'external' ? defaultStrategyName(strategyClass.package, strategyClass.imported) : null);
    if (!name) return;
    for (const arg of strategyExpr.args) {
      const fn = this.functionOf(arg.value, module.path, scope);
      if (fn) push(this.strategies, name, { ...fn, label: `passport strategy '${name}'` });
    }
  }

  private scanDjangoConnect(module: ModuleFacts, signalExpr: Expr, args: { name?: string; value: Expr }[], scope: ScopeId): void {
    const signal = this.djangoSignalName(signalExpr, module.path, scope);
    if (!signal) return;
    const receiver = args.find((a) => a.name === undefined || a.name === 'receiver');
    const sender = args.find((a) => a.name === 'sender');
    const fn = receiver ? this.functionOf(receiver.value, module.path, scope) : null;
    const model = sender ? this.classOf(sender.value, module.path, scope) : null;
    if (fn && model) push(this.django, model, { ...fn, event: signal, label: `Django ${signal} receiver` });
  }

  private scanSqlalchemyListen(module: ModuleFacts, callee: Expr, args: Expr[], scope: ScopeId): void {
    const listen = this.resolver.resolveExpr(callee, module.path, scope);
    if (listen.kind !== 'external' || listen.package !== 'sqlalchemy') return;
    const model = args[0] ? this.classOf(args[0], module.path, scope) : null;
    const event = args[1];
    const fn = args[2] ? this.functionOf(args[2], module.path, scope) : null;
    if (model && event?.k === 'str' && fn) push(this.sqlalchemy, model, { ...fn, event: event.v, label: `SQLAlchemy '${event.v}' listener` });
  }

  private scanSequelizeHook(module: ModuleFacts, modelExpr: Expr, method: string, args: Expr[], scope: ScopeId): void {
    const model = this.sequelizeModelKey(modelExpr, module.path, scope);
    if (!model) return;
    const event = method === 'addHook' || method === 'hook' ? (args[0]?.k === 'str' ? args[0].v : null) : method;
    const fnExpr = method === 'addHook' || method === 'hook' ? args[args.length - 1] : args[args.length - 1];
    const fn = fnExpr ? this.functionOf(fnExpr, module.path, scope) : null;
    if (event && fn) push(this.sequelize, model, { ...fn, event, label: `Sequelize ${event} hook` });
  }

  private scanSequelizeOptions(module: ModuleFacts, receiver: Expr, method: string, args: Expr[], scope: ScopeId, line: number): void {
    const options = method === 'init' ? args[1] : args[2];
    if (options?.k !== 'obj') return;
    const hooks = options.props.find((p) => p.key === 'hooks')?.value;
    if (hooks?.k !== 'obj') return;
    // `User.init(attrs, { hooks })` keys the class; `sequelize.define('User', ...)` keys the assignment holding its result.
    let model: string | null = null;
    if (method === 'init') model = this.sequelizeModelKey(receiver, module.path, scope);
    else {
      const holder = module.assignments.find((a) => a.value.k === 'call' && a.value.line === line && a.target.k === 'id');
      if (holder) model = `${module.path}#value:${holder.line}`;
    }
    if (!model) return;
    for (const prop of hooks.props) {
      if (prop.key === null) continue;
      const fn = this.functionOf(prop.value, module.path, scope);
      if (fn) push(this.sequelize, model, { ...fn, event: prop.key, label: `Sequelize ${prop.key} hook` });
    }
  }

  // ---------------------------------------------------------------- triggers

  /** The hooks and strategies a resolved call makes the framework run. */
  triggeredBy(modulePath: string, target: CallTarget, args: readonly Expr[], scope: ScopeId): TriggeredFunction[] {
    if (target.kind !== 'external') return [];
    const method = target.symbol.slice(target.symbol.lastIndexOf('.') + 1);
    const found: TriggeredFunction[] = [];
    const add = (hooks: HookFn[] | undefined, events: string[] | undefined): void => {
      if (!hooks || !events) return;
      for (const hook of hooks) if (events.includes(hook.event)) found.push({ module: hook.module, fn: hook.fn, label: hook.label });
    };
    switch (target.package) {
      case 'typeorm': {
        let events = TYPEORM_TRIGGERS[method];
        if (!events) break;
        if (method === 'save') {
          const persisted = args[0] ? this.persistedAs(args[0], modulePath, scope, 0) : null;
          if (persisted) events = [persisted];
        }
        for (const entity of this.typeormEntities(modulePath, target, args, scope)) add(this.typeorm.get(entity), events);
        break;
      }
      case 'sequelize':
      case 'sequelize-typescript': {
        const events = SEQUELIZE_EVENTS[method];
        if (!events) break;
        const model = target.modelClass ? keyOfClass(target.modelClass.module, target.modelClass.cls) : this.sequelizeValueKey(target.receiver);
        if (model) add(this.sequelize.get(model), events);
        break;
      }
      case 'mongoose': {
        const schema = this.mongooseSchemaOf(target.receiver);
        if (!schema) break;
        add(this.mongoose.get(schema), MONGOOSE_EVENTS[method]);
        break;
      }
      case 'django': {
        const events = DJANGO_EVENTS[method];
        if (!events || !target.modelClass) break;
        add(this.django.get(keyOfClass(target.modelClass.module, target.modelClass.cls)), events);
        break;
      }
      case 'sqlalchemy':
      case 'sqlmodel':
      case 'flask-sqlalchemy':
      case 'flask_sqlalchemy': {
        const events = SQLALCHEMY_EVENTS[method];
        if (!events) break;
        for (const arg of method === 'add_all' ? this.listItems(args[0]) : args.slice(0, 1)) {
          const model = this.instanceClass(arg, modulePath, scope);
          if (model) add(this.sqlalchemy.get(keyOfClass(model.module, model.cls)), events);
        }
        break;
      }
      case 'passport': {
        if (method !== 'authenticate') break;
        found.push(...this.strategiesNamed(args[0]));
        break;
      }
      case '@nestjs/passport': {
        if (method !== 'AuthGuard') break;
        found.push(...this.strategiesNamed(args[0]));
        break;
      }
      default:
        break;
    }
    return found;
  }

  /** Methods a Mongoose schema defines (`schema.methods.x = fn`), called on one of its documents. */
  mongooseMethod(receiver: Receiver, method: string): { module: string; fn: FunctionFact } | null {
    if (receiver.kind !== 'external' || receiver.package !== 'mongoose') return null;
    const schema = this.mongooseSchemaOf(receiver);
    return schema ? this.mongooseMethods.get(schema)?.get(method) ?? null : null;
  }

  private strategiesNamed(expr: Expr | undefined): TriggeredFunction[] {
    const names = !expr ? [] : expr.k === 'str' ? [expr.v] : expr.k === 'arr' ? expr.items.flatMap((i) => (i.k === 'str' ? [i.v] : [])) : [];
    return names.flatMap((name) => this.strategies.get(name) ?? []);
  }

  /**
   * Whether `save(entity)` inserts or updates, from where the entity came from: `new User()` or
   * `repository.create()` is new (insert hooks), a `find...` result is loaded (update hooks).
   * Unknown origins fire both.
   */
  private persistedAs(expr: Expr, modulePath: string, scope: ScopeId, depth: number): 'insert' | 'update' | null {
    if (depth > 4) return null;
    if (expr.k === 'id') {
      const binding = this.lookupValue(expr.name, modulePath, scope);
      return binding ? this.persistedAs(binding.expr, binding.module, binding.scope, depth + 1) : null;
    }
    if (expr.k !== 'call') return null;
    if (expr.isNew) return 'insert';
    const name = calleeName(expr.callee);
    if (name === 'Object.assign' && expr.args[0]) return this.persistedAs(expr.args[0].value, modulePath, scope, depth + 1);
    if (/(^|\.)create$/.test(name)) return 'insert';
    if (/(^|\.)(find\w*|preload|findOne\w*)$/.test(name)) return 'update';
    const callee = this.resolver.resolveExpr(expr.callee, modulePath, scope);
    return callee.kind === 'class' ? 'insert' : null;
  }

  private typeormEntities(modulePath: string, target: Extract<CallTarget, { kind: 'external' }>, args: readonly Expr[], scope: ScopeId): string[] {
    const entities = new Set<string>();
    if (target.modelClass) entities.add(keyOfClass(target.modelClass.module, target.modelClass.cls));
    if (target.typeArgs) {
      for (const name of target.typeArgs.names) {
        const cls = this.classOf({ k: 'id', name }, target.typeArgs.module, target.typeArgs.scope);
        if (cls) entities.add(cls);
      }
    }
    const binding = target.receiver?.kind === 'external' ? target.receiver.binding : undefined;
    if (binding) for (const entity of this.entitiesOfBinding(binding)) entities.add(entity);
    // `repository.save(user)` with `user = new User()`; `manager.save(User, {...})`.
    const first = args[0];
    if (first) {
      const model = this.instanceClass(first, modulePath, scope) ?? this.classOfModel(first, modulePath, scope);
      if (model) entities.add(keyOfClass(model.module, model.cls));
    }
    return [...entities].sort();
  }

  /** `@InjectRepository(User) repo: Repository<User>`, `dataSource.getRepository(User)`. */
  private entitiesOfBinding(binding: Binding): string[] {
    const found: string[] = [];
    if (binding.kind === 'param') {
      const param = this.project.modules.get(binding.module)?.functions[binding.fnId]?.params[binding.index];
      for (const decorator of param?.decorators ?? []) {
        if (decorator.k !== 'call' || !decorator.args[0]) continue;
        const cls = this.classOf(decorator.args[0].value, binding.module, -1);
        if (cls) found.push(cls);
      }
    }
    if (binding.kind === 'value' && binding.expr.k === 'call' && binding.expr.callee.k === 'member' && binding.expr.callee.prop === 'getRepository') {
      const arg = binding.expr.args[0];
      const cls = arg ? this.classOf(arg.value, binding.module, binding.scope) : null;
      if (cls) found.push(cls);
    }
    return found;
  }

  private mongooseSchemaOf(receiver: Receiver | undefined): string | null {
    if (!receiver || receiver.kind !== 'external') return null;
    const binding = receiver.binding;
    if (!binding || binding.kind !== 'value') return null;
    return this.schemaOfValue(binding.expr, binding.module, binding.scope, 0);
  }

  /** Follows a value back to `mongoose.model('User', userSchema)` and keys `userSchema`. */
  private schemaOfValue(expr: Expr, modulePath: string, scope: ScopeId, depth: number): string | null {
    if (depth > 6) return null;
    switch (expr.k) {
      case 'call': {
        const callee = this.resolver.resolveExpr(expr.callee, modulePath, scope);
        if (callee.kind === 'external' && callee.package === 'mongoose' && /(^|\.)model$/.test(canonicalSymbol(callee.imported))) {
          const schema = expr.args[1]?.value;
          return schema ? this.bindingKey(schema, modulePath, scope) : null;
        }
        return this.schemaOfValue(expr.callee, modulePath, scope, depth + 1);
      }
      case 'member':
        return this.schemaOfValue(expr.obj, modulePath, scope, depth + 1);
      case 'bin':
        return this.schemaOfValue(expr.right, modulePath, scope, depth + 1) ?? this.schemaOfValue(expr.left, modulePath, scope, depth + 1);
      case 'id': {
        const binding = this.lookupValue(expr.name, modulePath, scope);
        return binding ? this.schemaOfValue(binding.expr, binding.module, binding.scope, depth + 1) : null;
      }
      default:
        return null;
    }
  }

  private sequelizeModelKey(expr: Expr, modulePath: string, scope: ScopeId): string | null {
    return this.classOf(expr, modulePath, scope) ?? this.bindingKey(expr, modulePath, scope);
  }

  private sequelizeValueKey(receiver: Receiver | undefined): string | null {
    if (!receiver || receiver.kind !== 'external' || !receiver.binding || receiver.binding.kind !== 'value') return null;
    return `${receiver.binding.module}#value:${receiver.binding.line}`;
  }

  private djangoSignalName(expr: Expr | undefined, modulePath: string, scope: ScopeId): string | null {
    if (!expr) return null;
    const binding = this.resolver.resolveExpr(expr, modulePath, scope);
    if (binding.kind !== 'external' || binding.package !== 'django') return null;
    const name = canonicalSymbol(binding.imported).split('.').pop()!;
    return /^(pre|post)_(save|delete)$/.test(name) ? name : null;
  }

  private subscriberEntity(module: ModuleFacts, cls: ClassFact): string | null {
    const listenTo = cls.methods.map((id) => module.functions[id]!).find((f) => f.name === 'listenTo');
    return listenTo?.returnsExpr ? this.classOf(listenTo.returnsExpr, module.path, listenTo.id) : null;
  }

  // ---------------------------------------------------------------- helpers

  private externalName(decorator: Expr, modulePath: string, scope: ScopeId): { package: string; name: string } | null {
    const callee = decorator.k === 'call' ? decorator.callee : decorator;
    const binding = this.resolver.resolveExpr(callee, modulePath, scope);
    if (binding.kind !== 'external') return null;
    return { package: binding.package, name: canonicalSymbol(binding.imported).split('.').pop()! };
  }

  private classOf(expr: Expr, modulePath: string, scope: ScopeId): string | null {
    const binding = this.resolver.resolveExpr(expr, modulePath, scope);
    return binding.kind === 'class' ? keyOfClass(binding.module, binding.cls) : null;
  }

  private classOfModel(expr: Expr, modulePath: string, scope: ScopeId): ModelClass | null {
    const binding = this.resolver.resolveExpr(expr, modulePath, scope);
    return binding.kind === 'class' ? { module: binding.module, cls: binding.cls } : null;
  }

  /** The repository class an expression is an instance of: `new User()`, `user: User`, `User(...)`. */
  private instanceClass(expr: Expr, modulePath: string, scope: ScopeId): ModelClass | null {
    if (expr.k === 'call') {
      const callee = this.resolver.resolveExpr(expr.callee, modulePath, scope);
      return callee.kind === 'class' ? { module: callee.module, cls: callee.cls } : null;
    }
    const receiver = this.resolver.resolveReceiver(expr, modulePath, scope, 0);
    return receiver.kind === 'class' && receiver.instance ? { module: receiver.module, cls: receiver.cls } : null;
  }

  private listItems(expr: Expr | undefined): Expr[] {
    return expr?.k === 'arr' ? expr.items : [];
  }

  private functionOf(expr: Expr, modulePath: string, scope: ScopeId): { module: string; fn: FunctionFact } | null {
    const binding = this.resolver.resolveExpr(expr, modulePath, scope);
    return binding.kind === 'function' ? { module: binding.module, fn: binding.fn } : null;
  }

  private lookupValue(name: string, modulePath: string, scope: ScopeId): Extract<Binding, { kind: 'value' }> | null {
    const binding = this.resolver.lookup(modulePath, name, scope);
    return binding.kind === 'value' ? binding : null;
  }

  /** A stable key for the thing an expression names: a class, or the assignment a value comes from. */
  private bindingKey(expr: Expr, modulePath: string, scope: ScopeId): string | null {
    if (expr.k !== 'id') return null;
    const binding = this.resolver.lookup(modulePath, expr.name, scope);
    if (binding.kind === 'value') return `${binding.module}#value:${binding.line}`;
    if (binding.kind === 'class') return keyOfClass(binding.module, binding.cls);
    return null;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function keyOfClass(modulePath: string, cls: ClassFact): string {
  return `${modulePath}#class:${cls.id}`;
}

/** The name `passport.authenticate('x')` uses for a strategy registered without one. */
function defaultStrategyName(packageName: string, imported: string): string | null {
  const known: Record<string, string> = {
    'passport-local': 'local',
    'passport-jwt': 'jwt',
    'passport-http-bearer': 'bearer',
    'passport-google-oauth20': 'google',
    'passport-google-oauth2': 'google',
    'passport-github2': 'github',
    'passport-github': 'github',
    'passport-facebook': 'facebook',
    'passport-twitter': 'twitter',
    'passport-oauth2': 'oauth2',
    'passport-saml': 'saml',
    'passport-headerapikey': 'headerapikey',
    'passport-anonymous': 'anonymous',
  };
  if (packageName === 'passport-http') return /Digest/.test(imported) ? 'digest' : 'basic';
  return known[packageName] ?? (packageName.startsWith('passport-') ? packageName.slice('passport-'.length) : null);
}

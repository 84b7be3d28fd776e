import type { ts } from 'ts-morph';
import type { ClassFact, FunctionFact, ModuleFacts } from '../../parsing/types.js';
import type { ProjectIndex } from '../types.js';
import type { CompilerSession } from './compiler-session.js';
import { calleeNameNode, unwrap } from './locate-call.js';
import type { TypeAwareTarget } from './types.js';

/**
 * Turns what the checker declares a call's callee to be into the linking vocabulary:
 * - a function or method with a body in the repository: its FunctionFact, found by file and span;
 * - a declaration in node_modules, in an ambient `declare module 'x'` or in the standard library:
 *   the package and the member path the signal catalogue writes (`typeorm` + `Repository().save`,
 *   `builtin` + `Array().sort`), named by the package's own export when it has one;
 * - a method of an interface or abstract class declared in the repository: the method of the one
 *   class that declares `implements I` (or `extends A`) and defines it, when exactly one does.
 *   Several implementations are left unresolved: which one runs is DI wiring decided at runtime.
 */

/** Classes inspected when looking for the implementations of an interface method. */
const MAX_IMPLEMENTATION_CANDIDATES = 200;
const MAX_FOLLOW = 4;

interface Library {
  /** `typeorm`, `fs`, `@aws-sdk/client-s3`, or `builtin` for the standard library. */
  package: string;
  /** Members between the package and its exports, for subpath modules: `promises` for `fs/promises`. */
  prefix: string[];
  /** The module specifier whose exports name the declarations (`fs/promises`, `typeorm`); null for the standard library. */
  specifier: string | null;
}

export class DeclarationMapper {
  private readonly typescript: typeof ts;
  private readonly exportNames = new Map<string, Map<ts.Symbol, string> | null>();
  private readonly parsed = new Map<string, ts.SourceFile | null>();

  constructor(
    private readonly session: CompilerSession,
    private readonly index: ProjectIndex,
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
  ) {
    this.typescript = session.typescript;
  }

  targetOf(call: ts.CallExpression | ts.NewExpression, fromModule: string): TypeAwareTarget {
    const typescript = this.typescript;
    const nameNode = calleeNameNode(typescript, call.expression);
    if (!nameNode) return none('the callee is computed');
    let symbol = this.checker.getSymbolAtLocation(nameNode);
    if (symbol && symbol.flags & typescript.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    if (!symbol || !symbol.declarations || symbol.declarations.length === 0) return none('the checker types the receiver any');
    const isNew = typescript.isNewExpression(call);

    const library = this.libraryOf(symbol.declarations[0]!);
    if (library) return this.externalTarget(call, symbol, library, fromModule, isNew);

    const callable = this.callableDeclaration(call, symbol, isNew, 0);
    if (callable.kind !== 'declaration') return callable.target;
    const decl = callable.node;
    // A repository name holding a package's function (`handler: RequestHandler`): the catalogue names packages by their own members.
    if (this.libraryOf(decl)) return none('a repository name typed by a package');
    if (hasBody(typescript, decl)) return this.functionTarget(decl);
    if (this.isInterfaceOrAbstractMember(decl)) return this.implementationOf(decl);
    return none('declared without a body');
  }

  /**
   * The declaration a call runs: the body of a function or method (the implementation of an
   * overloaded one), the function a variable, property or destructured name holds, or the one
   * call signature of its type.
   */
  private callableDeclaration(
    call: ts.CallExpression | ts.NewExpression,
    symbol: ts.Symbol,
    isNew: boolean,
    depth: number,
  ): { kind: 'declaration'; node: ts.Declaration } | { kind: 'done'; target: TypeAwareTarget } {
    const typescript = this.typescript;
    const declarations = symbol.declarations ?? [];
    if (isNew) {
      const cls = declarations.find((d) => typescript.isClassDeclaration(d) || typescript.isClassExpression(d)) as ts.ClassLikeDeclaration | undefined;
      if (!cls) return { kind: 'done', target: none('not a class') };
      const ctor = cls.members.find((m) => typescript.isConstructorDeclaration(m) && m.body !== undefined);
      return ctor ? { kind: 'declaration', node: ctor } : { kind: 'done', target: none(`${cls.name?.text ?? 'the class'} has no constructor of its own`) };
    }
    const withBody = declarations.filter((d) => hasBody(typescript, d));
    if (withBody.length === 1) return { kind: 'declaration', node: withBody[0]! };
    if (withBody.length > 1) return { kind: 'done', target: { kind: 'none', reason: `${withBody.length} functions could run (a union of types)`, ambiguous: true } };
    const first = declarations[0]!;
    const held = this.heldFunction(first);
    if (held) return { kind: 'declaration', node: held };
    if (typescript.isShorthandPropertyAssignment(first) && depth < MAX_FOLLOW) {
      const value = this.checker.getShorthandAssignmentValueSymbol(first);
      if (value) return this.callableDeclaration(call, value.flags & typescript.SymbolFlags.Alias ? this.checker.getAliasedSymbol(value) : value, false, depth + 1);
    }
    if (typescript.isMethodSignature(first) || typescript.isMethodDeclaration(first) || typescript.isFunctionDeclaration(first)) return { kind: 'declaration', node: first };
    // A name holding a function whose value the checker infers: one call signature, one declaration.
    const signatures = this.checker.getTypeAtLocation(call.expression).getCallSignatures();
    const targets = new Set(signatures.map((s) => s.getDeclaration()).filter((d): d is ts.SignatureDeclaration => d !== undefined));
    if (targets.size === 1) return { kind: 'declaration', node: [...targets][0]! };
    return { kind: 'done', target: none(targets.size > 1 ? 'several call signatures' : 'its type has no call signature the checker can name') };
  }

  /** `const f = () => ...`, `handler = async () => ...`, `{ save: function () {} }`: the function held. */
  private heldFunction(decl: ts.Declaration): ts.Declaration | null {
    const typescript = this.typescript;
    if (typescript.isVariableDeclaration(decl) || typescript.isPropertyDeclaration(decl) || typescript.isPropertyAssignment(decl)) {
      const initializer = decl.initializer ? unwrap(typescript, decl.initializer) : undefined;
      if (initializer && (typescript.isArrowFunction(initializer) || typescript.isFunctionExpression(initializer))) return initializer;
    }
    return null;
  }

  private functionTarget(decl: ts.Declaration): TypeAwareTarget {
    const module = this.moduleOf(decl);
    if (!module) return none('declared outside the analysed sources');
    const fn = this.functionFactOf(module, decl);
    return fn ? { kind: 'function', module: module.path, fnId: fn.id } : none(`no function of ${module.path} spans the declaration`);
  }

  private moduleOf(node: ts.Node): ModuleFacts | null {
    const relative = this.session.relative(node.getSourceFile().fileName);
    return relative === null ? null : this.index.modules.get(relative) ?? null;
  }

  /**
   * The facts' function for a declaration: same last line, first line between the declaring
   * statement and the function's own start (the facts start a decorated method at its name, an
   * arrow held by a property at the property), the name breaking ties.
   */
  private functionFactOf(module: ModuleFacts, decl: ts.Declaration): FunctionFact | null {
    const typescript = this.typescript;
    const file = decl.getSourceFile();
    const lineAt = (position: number): number => file.getLineAndCharacterOfPosition(position).line + 1;
    const holder = decl.parent && (typescript.isVariableDeclaration(decl.parent) || typescript.isPropertyDeclaration(decl.parent) || typescript.isPropertyAssignment(decl.parent)) ? decl.parent : null;
    const named = (holder ?? decl) as ts.Declaration & { name?: ts.Node };
    const endLine = lineAt(decl.getEnd());
    const low = Math.min(lineAt(afterDecorators(typescript, decl, file)), holder ? lineAt(afterDecorators(typescript, holder, file)) : Number.POSITIVE_INFINITY);
    const high = Math.max(lineAt(decl.getStart(file)), named.name ? lineAt(named.name.getStart(file)) : 0);
    const candidates = module.functions.filter((f) => f.span.endLine === endLine && f.span.startLine >= low && f.span.startLine <= high);
    if (candidates.length <= 1) return candidates[0] ?? null;
    const name = named.name && (typescript.isIdentifier(named.name) || typescript.isStringLiteral(named.name) || typescript.isPrivateIdentifier(named.name)) ? named.name.text : typescript.isConstructorDeclaration(decl) ? 'constructor' : null;
    const byName = candidates.filter((f) => f.name === name);
    return byName.length === 1 ? byName[0]! : null;
  }

  private isInterfaceOrAbstractMember(decl: ts.Declaration): boolean {
    const typescript = this.typescript;
    const parent = decl.parent;
    if (!parent) return false;
    if (typescript.isInterfaceDeclaration(parent)) return typescript.isMethodSignature(decl) || typescript.isPropertySignature(decl);
    if (typescript.isClassDeclaration(parent)) return hasModifier(typescript, decl, typescript.SyntaxKind.AbstractKeyword);
    return false;
  }

  /**
   * The method a call on an interface (or abstract class) runs, when the repository leaves no
   * choice: exactly one class declares `implements I` (`extends A`) and defines the method; or
   * the member is optional (`m?()`) and exactly one of the implementing classes defines it while
   * none of the others could inherit it. Anything else is several candidates, and which one runs
   * is decided at runtime (DI wiring): the call stays unresolved. Object literals typed `I` are
   * not counted: they are rare in services and invisible to this search.
   */
  private implementationOf(decl: ts.Declaration): TypeAwareTarget {
    const typescript = this.typescript;
    const container = decl.parent as ts.InterfaceDeclaration | ts.ClassDeclaration;
    const ownerName = container.name?.text;
    const member = (decl as ts.Declaration & { name?: ts.Node }).name;
    const method = member && (typescript.isIdentifier(member) || typescript.isStringLiteral(member)) ? member.text : null;
    const ownerModule = this.session.relative(container.getSourceFile().fileName);
    if (!ownerName || !method || ownerModule === null) return none('an interface member the checker cannot name');
    const heritage = typescript.isInterfaceDeclaration(container) ? typescript.SyntaxKind.ImplementsKeyword : typescript.SyntaxKind.ExtendsKeyword;
    const implementers: { module: ModuleFacts; fn: FunctionFact | undefined; extendsOther: boolean }[] = [];
    let inspected = 0;
    for (const module of this.index.modulesOf('js')) {
      if (module.isTest || module.language !== 'typescript' || module.classes.length === 0) continue;
      const mentions =
        module.path === ownerModule ||
        module.imports.some((i) => (i.imported === ownerName || i.local === ownerName || (i.imported === '*' && i.kind === 'esm')) && this.mayLeadTo(module.path, i.source, ownerModule));
      if (!mentions) continue;
      if (++inspected > MAX_IMPLEMENTATION_CANDIDATES) return none(`more than ${MAX_IMPLEMENTATION_CANDIDATES} modules mention ${ownerName}: its implementations were not searched`);
      for (const cls of module.classes) {
        const clauses = this.heritageOf(module, cls);
        if (!clauses.get(heritage)?.some((name) => this.namesDeclaration(module, name, ownerModule, ownerName, 0))) continue;
        const fn = cls.methods.map((id) => module.functions[id]!).find((f) => f.name === method && f.kind !== 'constructor');
        const extendsOther = heritage === typescript.SyntaxKind.ImplementsKeyword && (clauses.get(typescript.SyntaxKind.ExtendsKeyword)?.length ?? 0) > 0;
        implementers.push({ module, fn, extendsOther });
      }
    }
    const defining = implementers.filter((i) => i.fn !== undefined);
    const optional = (typescript.isMethodSignature(decl) || typescript.isPropertySignature(decl)) && decl.questionToken !== undefined;
    if (implementers.length === 1 && defining.length === 1) {
      return { kind: 'function', module: defining[0]!.module.path, fnId: defining[0]!.fn!.id, label: `only implementation of ${ownerName}` };
    }
    if (optional && defining.length === 1 && !implementers.some((i) => i.fn === undefined && i.extendsOther)) {
      return { kind: 'function', module: defining[0]!.module.path, fnId: defining[0]!.fn!.id, label: `only implementation of ${ownerName}.${method}` };
    }
    if (implementers.length === 0) return none(`no class of the repository implements ${ownerName}`);
    return { kind: 'none', reason: `${implementers.length} classes implement ${ownerName}: which one runs is decided at runtime`, ambiguous: true };
  }

  /**
   * Whether an import may bring the declaration of `ownerModule`: it resolves to that module or
   * to one that re-exports. Only those imports can name it (see namesDeclaration), so only their
   * modules count against the candidate bound: in a repository of many similar services, the
   * same interface name imported from each service's own module is not a candidate.
   */
  private mayLeadTo(fromModule: string, source: string, ownerModule: string): boolean {
    const target = this.index.resolveImport(fromModule, source);
    if (!target || !('module' in target)) return false;
    return target.module === ownerModule || (this.index.modules.get(target.module)?.exports.some((e) => e.source !== undefined) ?? false);
  }

  /** The names a class lists after `implements` and after `extends`, read from its own syntax. */
  private heritageOf(module: ModuleFacts, cls: ClassFact): Map<ts.SyntaxKind, string[]> {
    const typescript = this.typescript;
    const clauses = new Map<ts.SyntaxKind, string[]>();
    const file = this.syntaxOf(module.path);
    if (!file) return clauses;
    const visit = (node: ts.Node): void => {
      if ((typescript.isClassDeclaration(node) || typescript.isClassExpression(node)) && node.name?.text === cls.name && file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 <= cls.span.startLine) {
        for (const clause of node.heritageClauses ?? []) clauses.set(clause.token, clause.types.map((type) => type.expression.getText(file)));
        return;
      }
      typescript.forEachChild(node, visit);
    };
    visit(file);
    return clauses;
  }

  /** A class's syntax tree: the program's when it holds the file, else parsed alone (no checking). */
  private syntaxOf(module: string): ts.SourceFile | null {
    const inProgram = this.program.getSourceFile(this.session.absolute(module));
    if (inProgram) return inProgram;
    if (this.parsed.has(module)) return this.parsed.get(module)!;
    const text = this.session.readText(module);
    const file = text === null ? null : this.typescript.createSourceFile(this.session.absolute(module), text, this.typescript.ScriptTarget.Latest, true);
    this.parsed.set(module, file);
    return file;
  }

  /** Whether `name`, as written in `module`, is the declaration `ownerName` of `ownerModule`: locally, or imported, through re-exports. */
  private namesDeclaration(module: ModuleFacts, name: string, ownerModule: string, ownerName: string, depth: number): boolean {
    if (depth > MAX_FOLLOW) return false;
    const [head, ...rest] = name.split('.');
    if (rest.length === 0 && module.path === ownerModule && head === ownerName) return true;
    for (const imp of module.imports) {
      if (imp.local !== head) continue;
      const target = this.index.resolveImport(module.path, imp.source);
      if (!target || !('module' in target)) return false;
      const exported = imp.imported === '*' ? rest[0] : rest.length === 0 ? imp.imported : undefined;
      return exported !== undefined && this.exportIs(target.module, exported, ownerModule, ownerName, depth + 1);
    }
    return false;
  }

  private exportIs(modulePath: string, exported: string, ownerModule: string, ownerName: string, depth: number): boolean {
    if (depth > MAX_FOLLOW) return false;
    if (modulePath === ownerModule && exported === ownerName) return true;
    const module = this.index.modules.get(modulePath);
    if (!module) return false;
    for (const exp of module.exports) {
      if (exp.source === undefined) {
        if (exp.exported === exported && exp.local !== undefined && exp.local !== exported) return this.namesDeclaration(module, exp.local, ownerModule, ownerName, depth + 1);
        continue;
      }
      const target = this.index.resolveImport(module.path, exp.source);
      if (!target || !('module' in target)) continue;
      if (exp.imported === '*' && exp.exported === '*' && this.exportIs(target.module, exported, ownerModule, ownerName, depth + 1)) return true;
      if (exp.exported === exported && exp.imported !== undefined && this.exportIs(target.module, exp.imported, ownerModule, ownerName, depth + 1)) return true;
    }
    return module.path === ownerModule && exported === ownerName;
  }

  /** Where a declaration comes from when it is not the repository's own code. */
  private libraryOf(node: ts.Node): Library | null {
    const typescript = this.typescript;
    const file = node.getSourceFile();
    if (this.program.isSourceFileDefaultLibrary(file)) return { package: 'builtin', prefix: [], specifier: null };
    for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
      if (typescript.isModuleDeclaration(current) && typescript.isStringLiteral(current.name)) return splitSpecifier(current.name.text);
    }
    const fileName = file.fileName.split('\\').join('/');
    const at = fileName.lastIndexOf('/node_modules/');
    if (at < 0) return null;
    const parts = fileName.slice(at + '/node_modules/'.length).split('/');
    let name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    if (name.startsWith('@types/')) {
      const typed = name.slice('@types/'.length);
      name = typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
    }
    return { package: name, prefix: [], specifier: name };
  }

  /**
   * A package member as the catalogue writes it. A method is named through its receiver's type
   * when the package exports that type (`new Redis().get` is `default().get`, as an import of
   * ioredis names it), else through the class or interface declaring it; `()` marks an instance.
   */
  private externalTarget(call: ts.CallExpression | ts.NewExpression, symbol: ts.Symbol, library: Library, fromModule: string, isNew: boolean): TypeAwareTarget {
    const typescript = this.typescript;
    const member = symbol.name;
    const callee = unwrap(typescript, call.expression);
    const decl = symbol.declarations![0]!;
    let path: string | null = null;
    let receiverType: ts.Type | null = null;
    if (isNew) {
      path = this.exportedName(symbol, library, fromModule) ?? member;
    } else if (typescript.isPropertyAccessExpression(callee) || typescript.isElementAccessExpression(callee)) {
      const receiver = unwrap(typescript, callee.expression);
      receiverType = this.checker.getTypeAtLocation(receiver);
      if (library.package === 'builtin') path = this.builtinPath(receiver, receiverType, member);
      else path = this.receiverPath(receiverType, library, fromModule, member) ?? this.containerPath(decl, library, fromModule, member);
    } else {
      path = library.package === 'builtin' ? member : this.containerPath(decl, library, fromModule, member);
    }
    if (path === null) return none(`a member of ${library.package} the catalogue cannot name`);
    const symbolPath = [...library.prefix, path].join('.');
    const typeArgs = receiverType ? this.repositoryTypeArgs(receiverType) : null;
    return { kind: 'external', package: library.package, symbol: symbolPath, ...(typeArgs ? { typeArgs } : {}) };
  }

  /** `Array().sort` for a method of an array, `JSON.parse` for a member of a global object. */
  private builtinPath(receiver: ts.Node, receiverType: ts.Type, member: string): string | null {
    const typescript = this.typescript;
    if (typescript.isIdentifier(receiver)) {
      const value = this.checker.getSymbolAtLocation(receiver);
      const declaration = value?.valueDeclaration;
      if (value && declaration && this.program.isSourceFileDefaultLibrary(declaration.getSourceFile()) && typescript.isVariableDeclaration(declaration)) return `${value.name}.${member}`;
    }
    const apparent = this.checker.getApparentType(receiverType).getSymbol();
    if (!apparent) return null;
    return `${apparent.name === 'ReadonlyArray' ? 'Array' : apparent.name}().${member}`;
  }

  private receiverPath(receiverType: ts.Type, library: Library, fromModule: string, member: string): string | null {
    const typeSymbol = receiverType.getSymbol();
    const declaration = typeSymbol?.declarations?.[0];
    if (!typeSymbol || !declaration) return null;
    const owner = this.libraryOf(declaration);
    if (!owner || owner.package !== library.package) return null;
    const name = this.exportedName(typeSymbol, library, fromModule);
    if (name === null) return null;
    return `${this.isInstanceType(receiverType, typeSymbol) ? `${name}()` : name}.${member}`;
  }

  /** Named through the class, interface or namespace that declares the member. */
  private containerPath(decl: ts.Declaration, library: Library, fromModule: string, member: string): string | null {
    const typescript = this.typescript;
    const parent = decl.parent;
    if (parent && (typescript.isClassDeclaration(parent) || typescript.isInterfaceDeclaration(parent)) && parent.name) {
      const owner = this.checker.getSymbolAtLocation(parent.name);
      const name = (owner ? this.exportedName(owner, library, fromModule) : null) ?? parent.name.text;
      return hasModifier(typescript, decl, typescript.SyntaxKind.StaticKeyword) ? `${name}.${member}` : `${name}().${member}`;
    }
    if (parent && (typescript.isSourceFile(parent) || typescript.isModuleBlock(parent) || typescript.isVariableDeclarationList(parent))) {
      const symbol = this.checker.getSymbolAtLocation((decl as ts.Declaration & { name?: ts.Node }).name ?? decl);
      return (symbol ? this.exportedName(symbol, library, fromModule) : null) ?? member;
    }
    return null;
  }

  private isInstanceType(type: ts.Type, symbol: ts.Symbol): boolean {
    const typescript = this.typescript;
    if (!(symbol.flags & (typescript.SymbolFlags.Class | typescript.SymbolFlags.Interface))) return false;
    const declared = this.checker.getDeclaredTypeOfSymbol(symbol);
    const target = (type as ts.TypeReference).target ?? type;
    return target === declared || type === declared;
  }

  /** How the package exports a symbol: `default` for a default or `export =` export, else its export name. */
  private exportedName(symbol: ts.Symbol, library: Library, fromModule: string): string | null {
    if (library.specifier === null) return symbol.name;
    const names = this.exportsOf(library.specifier, fromModule);
    return names?.get(symbol) ?? null;
  }

  private exportsOf(specifier: string, fromModule: string): Map<ts.Symbol, string> | null {
    if (this.exportNames.has(specifier)) return this.exportNames.get(specifier)!;
    const typescript = this.typescript;
    let moduleSymbol: ts.Symbol | undefined = this.checker.getAmbientModules().find((m) => m.name === `"${specifier}"`);
    if (!moduleSymbol) {
      const entry = this.session.resolvePackageEntry(specifier, fromModule);
      const file = entry ? this.program.getSourceFile(entry) : undefined;
      moduleSymbol = file ? this.checker.getSymbolAtLocation(file) : undefined;
    }
    let names: Map<ts.Symbol, string> | null = null;
    if (moduleSymbol) {
      names = new Map();
      // `export = Redis`: the module itself is the class, as `import Redis from 'ioredis'` names it.
      const exportEquals = moduleSymbol.exports?.get('export=' as ts.__String);
      if (exportEquals) names.set(exportEquals.flags & typescript.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exportEquals) : exportEquals, 'default');
      const exports = [...this.checker.getExportsOfModule(moduleSymbol)].sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const exported of exports) {
        const target = exported.flags & typescript.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
        if (!names.has(target)) names.set(target, exported.name);
      }
    }
    this.exportNames.set(specifier, names);
    return names;
  }

  /** Repository classes a receiver's type is generic over: `User` in `Repository<User>`. */
  private repositoryTypeArgs(type: ts.Type): { module: string; names: string[] } | null {
    const typescript = this.typescript;
    if (!(type.flags & typescript.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & typescript.ObjectFlags.Reference)) return null;
    let module: string | null = null;
    const names: string[] = [];
    for (const arg of this.checker.getTypeArguments(type as ts.TypeReference)) {
      const declaration = arg.getSymbol()?.declarations?.[0];
      if (!declaration || !typescript.isClassDeclaration(declaration) || !declaration.name) continue;
      const owner = this.session.relative(declaration.getSourceFile().fileName);
      if (owner === null || !this.index.modules.has(owner) || (module !== null && owner !== module)) continue;
      module = owner;
      names.push(declaration.name.text);
    }
    return module !== null ? { module, names } : null;
  }
}

function none(reason: string): TypeAwareTarget {
  return { kind: 'none', reason };
}

function hasBody(typescript: typeof ts, node: ts.Node): boolean {
  return (
    (typescript.isFunctionDeclaration(node) ||
      typescript.isMethodDeclaration(node) ||
      typescript.isConstructorDeclaration(node) ||
      typescript.isFunctionExpression(node) ||
      typescript.isArrowFunction(node) ||
      typescript.isGetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

function hasModifier(typescript: typeof ts, node: ts.Node, kind: ts.SyntaxKind): boolean {
  return typescript.canHaveModifiers(node) && (typescript.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** Where a declaration's own text starts after its decorators: its first keyword, else its name. */
function afterDecorators(typescript: typeof ts, node: ts.Node, file: ts.SourceFile): number {
  const keywords = typescript.canHaveModifiers(node) ? (typescript.getModifiers(node) ?? []) : [];
  if (keywords[0]) return keywords[0].getStart(file);
  const name = (node as ts.Node & { name?: ts.Node }).name;
  const decorated = typescript.canHaveDecorators(node) && (typescript.getDecorators(node) ?? []).length > 0;
  return decorated && name ? name.getStart(file) : node.getStart(file);
}

/** `fs/promises` → fs + promises; `@aws-sdk/client-s3` stays whole; `node:` is dropped. */
function splitSpecifier(specifier: string): Library {
  const bare = specifier.replace(/^node:/, '');
  const parts = bare.split('/');
  const count = bare.startsWith('@') ? 2 : 1;
  return { package: parts.slice(0, count).join('/'), prefix: parts.slice(count), specifier };
}

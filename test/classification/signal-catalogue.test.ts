import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compileSymbolPattern, indexSignalCatalogue, loadSignalCatalogue } from '../../src/classification/signal-catalogue.js';

describe('signal catalogue', () => {
  it('validates against its schema, with unique ids and a version', () => {
    const schema = JSON.parse(readFileSync('data/signals.schema.json', 'utf8'));
    const data = JSON.parse(readFileSync('data/signals.json', 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(data) ? [] : validate.errors).toEqual([]);
    expect(data.version).toBe(2);
    const ids = [...data.signals, ...data.heuristics].map((entry: { id: string }) => entry.id);
    expect(ids.filter((id: string, index: number) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('rejects an entry without a kind or with an unknown tag', () => {
    const schema = JSON.parse(readFileSync('data/signals.schema.json', 'utf8'));
    const validate = new Ajv().compile(schema);
    const entry = { id: 'npm:x', ecosystem: 'npm', package: 'x', symbols: ['y'], kind: 'io', tag: null, weight: 1, reason: 'a reason long enough' };
    expect(validate({ version: 1, signals: [entry], heuristics: [] })).toBe(true);
    expect(validate({ version: 1, signals: [{ ...entry, kind: undefined }], heuristics: [] })).toBe(false);
    expect(validate({ version: 1, signals: [{ ...entry, tag: 'gpu' }], heuristics: [] })).toBe(false);
  });

  it('compiles member-path patterns: * within a segment, ** across segments, () literal', () => {
    const test = (pattern: string, symbol: string) => compileSymbolPattern(pattern).test(symbol);
    expect(test('Pool().query', 'Pool().query')).toBe(true);
    expect(test('Pool().query', 'Pool().queryStream')).toBe(false);
    expect(test('*Sync', 'readFileSync')).toBe(true);
    expect(test('*Sync', 'promises.readFileSync')).toBe(false);
    expect(test('default().**', 'default().multi().set().exec')).toBe(true);
    expect(test('default().**', 'default()')).toBe(false);
    expect(test('hash.*.verify', 'hash.bcrypt.verify')).toBe(true);
    expect(test('hash.*.verify', 'hash.bcrypt.x.verify')).toBe(false);
  });

  it('matches calls by package and member path, first entry wins, exceptions excluded', () => {
    const index = indexSignalCatalogue(loadSignalCatalogue());
    const id = (language: 'js' | 'python', pkg: string, symbol: string) => index.matchExternal(language, pkg, symbol)?.id ?? null;
    expect(id('js', 'bcrypt', 'hash')).toBe('npm:bcrypt.hash');
    expect(id('js', 'bcrypt', 'hashSync')).toBe('npm:bcrypt.sync');
    expect(id('js', 'bcrypt', 'getRounds')).toBe(null);
    expect(id('js', 'fs', 'promises.readFile')).toBe('node:fs');
    expect(id('js', 'fs', 'readFileSync')).toBe('node:fs.sync');
    expect(id('js', 'crypto', 'pbkdf2Sync')).toBe('node:crypto.kdf-sync');
    expect(id('js', 'crypto', 'randomUUID')).toBe(null);
    expect(id('js', 'pg', 'Pool().query')).toBe('npm:pg');
    expect(id('js', 'ioredis', 'default().multi().set().exec')).toBe('npm:ioredis');
    expect(id('js', 'ioredis', 'default().on')).toBe(null);
    expect(id('js', 'typeorm', 'Repository().save')).toBe('npm:typeorm');
    expect(id('js', 'typeorm', 'Repository().create')).toBe(null);
    // A query builder waits on the database only when it runs: building it up is in-process.
    expect(
      ['createQueryBuilder().select', 'createQueryBuilder().where().limit', 'Repository().createQueryBuilder().leftJoin().skip().take', 'createQueryBuilder().setParameters', 'createQueryBuilder().where().getMany', 'Repository().delete'].map((symbol) => id('js', 'typeorm', symbol)),
    ).toEqual([null, null, null, null, 'npm:typeorm', 'npm:typeorm']);
    expect(id('js', '@aws-sdk/client-s3', 'S3Client().send')).toBe('npm:@aws-sdk');
    expect(id('js', 'builtin', 'JSON.parse')).toBe('node:JSON');
    expect(id('python', 'numpy', 'load')).toBe('pypi:numpy.file');
    expect(id('python', 'numpy', 'linalg.svd')).toBe('pypi:numpy');
    expect(id('python', 'PIL', 'Image.open')).toBe('pypi:pillow');
    expect(id('python', 'pil', 'Image.open')).toBe('pypi:pillow');
    expect(id('python', 'hashlib', 'pbkdf2_hmac')).toBe('python:hashlib.kdf');
    // The hash is computed by the constructor and update(); reading it out is not more work.
    expect([id('python', 'hashlib', 'sha256'), id('python', 'hashlib', 'sha256().update'), id('python', 'hashlib', 'sha256().hexdigest')]).toEqual(['python:hashlib', 'python:hashlib', null]);
    expect([id('python', 'hmac', 'new'), id('python', 'hmac', 'new().hexdigest'), id('python', 'hmac', 'new().digest')]).toEqual(['python:hmac', null, null]);
    expect(id('python', 'sqlalchemy', 'orm.session.Session().execute().scalars')).toBe('pypi:sqlalchemy');
    expect(id('python', 'sqlalchemy', 'orm.Session().query().filter().all')).toBe('pypi:sqlalchemy');
    expect(id('python', 'sqlalchemy', 'orm.Session().add')).toBe(null);
    expect(id('python', 'django', 'contrib.auth.models.User.objects.create_user')).toBe('pypi:django.auth-hashing');
    expect(id('python', 'django', 'db.models.Model.objects.filter')).toBe('pypi:django.orm');
    expect(id('python', 'builtin', 'open')).toBe('python:open');
  });

  it('matches name-based heuristics only on their methods, receivers and arguments', () => {
    const index = indexSignalCatalogue(loadSignalCatalogue());
    const id = (language: 'js' | 'python', method: string, receiver: string[], args: string[] = []) => index.matchHeuristic(language, method, receiver, args)?.id ?? null;
    expect(id('js', 'findOne', ['repo'])).toBe('heuristic:sql-query');
    expect(id('js', 'get', ['cache'])).toBe('heuristic:cache-command');
    expect(id('js', 'get', ['map'])).toBe(null);
    expect(id('js', 'exec', ['store', 'multi'])).toBe('heuristic:cache-command');
    expect(id('js', 'sort', ['rows'])).toBe('heuristic:sort');
    expect(id('python', 'get', ['db'])).toBe('heuristic:db-session');
    expect(id('python', 'get', ['payload'])).toBe(null);
    expect(id('python', 'run_in_executor', ['loop'])).toBe('heuristic:run-in-executor');
    expect(index.matchArgument('python', ['text/event-stream'])?.id).toBe('heuristic:sse-response');
    expect(index.matchArgument('js', ['application/json'])).toBe(null);
  });
});

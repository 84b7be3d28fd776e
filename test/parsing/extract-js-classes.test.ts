import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/parsing/parse-file.js';

function classesOf(source: string) {
  return extractFacts({ path: 'src/a.ts', language: 'typescript', grammar: 'typescript', isTest: false }, source).classes;
}

describe('JS/TS class facts', () => {
  it('keeps the span and the decorators of an exported decorated class', () => {
    const [cls, ...rest] = classesOf(`import { Controller } from '@nestjs/common';
@Controller('users')
export class UsersController {
  find() {
    return [];
  }
}
`);
    expect(rest).toEqual([]);
    expect(cls!.span).toEqual({ startLine: 3, endLine: 7 });
    expect(cls!.decorators).toEqual([{ k: 'call', callee: { k: 'id', name: 'Controller' }, args: [{ value: { k: 'str', v: 'users' } }], line: 2 }]);
  });

  it('keeps the span of a plain class declaration and of a class expression', () => {
    const classes = classesOf(`class A {
  run() {}
}
const B = class {
  go() {}
};
`);
    expect(classes.map((c) => [c.name, c.span])).toEqual([
      ['A', { startLine: 1, endLine: 3 }],
      ['B', { startLine: 4, endLine: 6 }],
    ]);
  });

  it('keeps a method decorator separated from its method by a comment', () => {
    const source = `class AuthController {
  @Post('verify')
  verify() {}

  @Post('signin')
  // TODO: guard this route
  signIn() {}
}
`;
    const facts = extractFacts({ path: 'src/a.ts', language: 'typescript', grammar: 'typescript', isTest: false }, source);
    expect(facts.functions.map((fn) => [fn.name, fn.decorators])).toEqual([
      ['verify', [{ k: 'call', callee: { k: 'id', name: 'Post' }, args: [{ value: { k: 'str', v: 'verify' } }], line: 2 }]],
      ['signIn', [{ k: 'call', callee: { k: 'id', name: 'Post' }, args: [{ value: { k: 'str', v: 'signin' } }], line: 5 }]],
    ]);
  });
});

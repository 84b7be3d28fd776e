import { describe, expect, it } from 'vitest';
import { buildTestProject } from '../helpers/build-project.js';

describe('project index: values returned by repository functions', () => {
  const config = [
    'from functools import lru_cache',
    'from pydantic_settings import BaseSettings',
    '',
    'class Settings(BaseSettings):',
    '    API_PREFIX: str = "/api"',
    '',
    '@lru_cache',
    'def get_settings() -> Settings:',
    '    return Settings()',
    '',
    'settings = get_settings()',
    '',
  ].join('\n');

  it('reads settings built by a factory annotated with its class, in its own module and through an import', () => {
    const project = buildTestProject({
      'svc/app/core/config.py': config,
      'svc/app/main.py': 'from app.core.config import get_settings, settings\nA = settings.API_PREFIX\nlocal = get_settings()\nB = local.API_PREFIX + "/v1"\nC = get_settings().API_PREFIX\n',
    });
    expect(project.evaluate({ k: 'id', name: 'A' }, 'svc/app/main.py')).toEqual({ k: 'str', v: '/api' });
    // `local` is typed `Settings` although the name Settings is not imported into main.py.
    expect(project.evaluate({ k: 'id', name: 'B' }, 'svc/app/main.py')).toEqual({ k: 'str', v: '/api/v1' });
    expect(project.evaluate({ k: 'id', name: 'C' }, 'svc/app/main.py')).toEqual({ k: 'str', v: '/api' });
  });

  it('leaves the result of a function that says nothing about it unresolved', () => {
    const project = buildTestProject({ 'm.py': 'def make():\n    x = 1\n    return x\n\nvalue = make()\nP = value.prefix\n' });
    expect(project.evaluate({ k: 'id', name: 'P' }, 'm.py')).toEqual({ k: 'unknown', text: 'value.prefix', module: 'm.py' });
  });
});

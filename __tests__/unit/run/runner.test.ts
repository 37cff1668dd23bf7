/** The runner's side before and after @actions/core is loaded. */
import { describe, expect, it, jest } from '@jest/globals';
import * as core from '@actions/core';
import { loadCore, readInput, withCore } from '../../../src/run/runner.js';

describe('readInput', () => {
  const cases: [string, string | undefined][] = [
    ['instagram-token', '  IGAAvalue  '],
    ['github-token', 'ghp_x\n'],
    ['secret name', ' spaced name '],
    ['accounts', '\n  first: IGAA1\n'],
    ['missing-input', undefined],
    ['empty-input', ''],
  ];

  it.each(cases)('reads %s exactly as core.getInput does, trimmed or not', (name, value) => {
    const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
    const before = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
    try {
      expect(readInput(name)).toBe(core.getInput(name));
      expect(readInput(name, false)).toBe(core.getInput(name, { trimWhitespace: false }));
    } finally {
      if (before === undefined) delete process.env[key];
      else process.env[key] = before;
    }
  });

  it('reads from the environment it is given', () => {
    expect(readInput('secret-name', true, { 'INPUT_SECRET-NAME': ' IG_TOKEN ' })).toBe('IG_TOKEN');
  });
});

describe('withCore', () => {
  it('holds every use until @actions/core is loaded, then runs them in the order asked', async () => {
    const order: string[] = [];
    withCore(() => order.push('mask'));
    withCore(() => order.push('line 1'));
    withCore(() => order.push('line 2'));
    expect(order).toEqual([]);
    const loaded = await loadCore();
    expect(order).toEqual(['mask', 'line 1', 'line 2']);
    expect(typeof loaded.setSecret).toBe('function');
    const use = jest.fn();
    withCore(use);
    expect(use).toHaveBeenCalledWith(loaded);
    expect(await loadCore()).toBe(loaded);
  });
});

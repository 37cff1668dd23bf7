import { describe, expect, it } from '@jest/globals';
import { editDistance, similarNames } from '../../../src/rules/similar-names.js';

describe('editDistance', () => {
  it.each([
    ['INSTAGRAM_ACCESS_TOKEN', 'INSTAGRAM_ACCESS_TOKEN', 0],
    ['INSTAGRAM_ACESS_TOKEN', 'INSTAGRAM_ACCESS_TOKEN', 1], // a letter left out
    ['INSTAGRAM_ACCESS_TOKNE', 'INSTAGRAM_ACCESS_TOKEN', 1], // two letters swapped
    ['instagram_access_token', 'INSTAGRAM_ACCESS_TOKEN', 0], // GitHub ignores case
    ['IG_TOKEN', 'INSTAGRAM_ACCESS_TOKEN', 14],
    ['', 'ABC', 3],
  ])('%p → %p is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('similarNames', () => {
  it('finds the names within two edits, closest first, never the name itself', () => {
    const names = [
      'INSTAGRAM_ACCESS_TOKEN',
      'INSTAGRAM_ACCESS_TOKENS',
      'OTHER',
      'INSTAGRAM_ACESS_TOKEN',
    ];
    expect(similarNames('INSTAGRAM_ACESS_TOKEN', names)).toEqual([
      'INSTAGRAM_ACCESS_TOKEN',
      'INSTAGRAM_ACCESS_TOKENS',
    ]);
  });

  it('finds nothing among unrelated names', () => {
    expect(similarNames('SHOP_TOKEN', ['INSTAGRAM_ACCESS_TOKEN', 'NPM_TOKEN'])).toEqual([]);
  });
});

/**
 * A bad input fails the step before any request to Meta or GitHub (docs/behaviour.md rule 1):
 * so nothing is written and no failure issue is opened, and the error names the input.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { runAction, seedScenario } from '../../simulator/index.js';
import { expectNoLeak, issueTexts } from './support.js';
import { SECRET, expectRefusedBeforeAnyRequest, sim, useFreshSimulator } from './world.js';

jest.setTimeout(60_000);

interface BadInput {
  name: string;
  /** The input the error must name, quoted as 'name'. */
  input: string;
  /** What to set; undefined removes the input. */
  set: Record<string, string | undefined>;
  flavour?: 'instagram' | 'facebook';
  scope?: 'repo' | 'env' | 'org';
  /** More the message must say. */
  says?: RegExp[];
}

// A dead Basic Display token, generated per run like every other token here.
const BASIC_DISPLAY_TOKEN = `IGQVJ${randomBytes(60).toString('base64url')}`;

const CASES: BadInput[] = [
  { name: 'empty instagram-token', input: 'instagram-token', set: { 'instagram-token': '' } },
  {
    name: 'whitespace-only instagram-token',
    input: 'instagram-token',
    set: { 'instagram-token': ' \n\t  ' },
  },
  { name: 'empty github-token', input: 'github-token', set: { 'github-token': '' } },
  {
    name: 'secret-name with the GITHUB_ prefix',
    input: 'secret-name',
    set: { 'secret-name': 'GITHUB_IG_TOKEN' },
    says: [/GITHUB_/],
  },
  {
    name: 'secret-name with a leading digit',
    input: 'secret-name',
    set: { 'secret-name': '1IG_TOKEN' },
  },
  { name: 'secret-name with a hyphen', input: 'secret-name', set: { 'secret-name': 'IG-TOKEN' } },
  { name: "repository 'acme'", input: 'repository', set: { repository: 'acme' } },
  { name: "repository 'a/b/c'", input: 'repository', set: { repository: 'a/b/c' } },
  { name: "unknown api 'graph'", input: 'api', set: { api: 'graph' } },
  {
    name: 'facebook token without app-id',
    input: 'app-id',
    flavour: 'facebook',
    set: { 'app-id': undefined },
  },
  {
    name: 'facebook token without app-secret',
    input: 'app-secret',
    flavour: 'facebook',
    set: { 'app-secret': undefined },
  },
  {
    name: "refresh-threshold-days 'abc'",
    input: 'refresh-threshold-days',
    set: { 'refresh-threshold-days': 'abc' },
  },
  {
    name: "refresh-threshold-days '-2'",
    input: 'refresh-threshold-days',
    set: { 'refresh-threshold-days': '-2' },
  },
  {
    name: "inactivity-warning-days '-1'",
    input: 'inactivity-warning-days',
    set: { 'inactivity-warning-days': '-1' },
  },
  { name: "dry-run 'yes'", input: 'dry-run', set: { 'dry-run': 'yes' } },
  {
    name: "open-issue-on-failure 'maybe'",
    input: 'open-issue-on-failure',
    set: { 'open-issue-on-failure': 'maybe' },
  },
  {
    name: "instagram-api-url 'ftp://x'",
    input: 'instagram-api-url',
    set: { 'instagram-api-url': 'ftp://x' },
  },
  {
    name: "facebook-api-url 'not a url'",
    input: 'facebook-api-url',
    set: { 'facebook-api-url': 'not a url' },
  },
  {
    name: 'environment and organization both set',
    input: 'environment',
    scope: 'env',
    set: { organization: 'acme' },
    says: [/'organization'/],
  },
  {
    name: 'an IGQV… Basic Display token',
    input: 'instagram-token',
    set: { 'instagram-token': BASIC_DISPLAY_TOKEN },
    says: [/Basic Display/, /re-?authori[sz]e/i, /Instagram Login/],
  },
];

useFreshSimulator();

describe('a bad input fails before any request', () => {
  it.each(CASES)('$name', async (c) => {
    const seeded = seedScenario(sim, {
      flavour: c.flavour ?? 'instagram',
      scope: c.scope ?? 'repo',
    });
    if (c.scope === 'env') sim.github.addOrg('acme');
    const inputs: Record<string, string> = { ...seeded.inputs };
    for (const [name, value] of Object.entries(c.set)) {
      if (value === undefined) delete inputs[name];
      else inputs[name] = value;
    }
    const before = sim.github.getSecret(seeded.scope, SECRET);

    const run = await runAction({ inputs, env: seeded.env });

    // Input names are letters and hyphens: nothing in them a RegExp reads otherwise.
    const errors = expectRefusedBeforeAnyRequest(run, new RegExp(`'${c.input}'`));
    expect(errors).toHaveLength(1);
    for (const pattern of c.says ?? []) expect(errors[0]).toMatch(pattern);

    expect(sim.github.getSecret(seeded.scope, SECRET)).toEqual(before);
    expect(sim.github.decryptSecret(seeded.scope, SECRET)).toBe(seeded.instagramToken);
    expect(run.outputs.refreshed ?? 'false').toBe('false');
    expect(run.outputs.token).toBeUndefined();

    expectNoLeak(
      run,
      [seeded.instagramToken, seeded.githubToken, sim.graph.appSecret, BASIC_DISPLAY_TOKEN],
      issueTexts(sim.github),
    );
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { readConfig, type Config } from '../../../src/inputs/config.js';
import { InputError } from '../../../src/rules/errors.js';
import type { InputName } from '../../../src/inputs/input-names.js';

type Inputs = Partial<Record<InputName, string>>;

const ENV = { GITHUB_REPOSITORY: 'acme/site' };

function fakeToken(prefix: string): string {
  return prefix + randomBytes(24).toString('hex');
}

/** The two required inputs, with fresh fake tokens, plus whatever the test sets. */
function inputs(extra: Inputs = {}): Inputs {
  return { 'instagram-token': fakeToken('IGAA'), 'github-token': fakeToken('ghp_'), ...extra };
}

function configFrom(given: Inputs, env: NodeJS.ProcessEnv = ENV): Config {
  return readConfig((name) => given[name] ?? '', env);
}

/** The InputError readConfig throws; checks it names the input and leaks no credential. */
function expectRejected(given: Inputs, input: InputName, env: NodeJS.ProcessEnv = ENV) {
  let caught: unknown;
  try {
    configFrom(given, env);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  const error = caught as InputError;
  expect(error.input).toBe(input);
  expect(error.message).toContain(`'${input}'`);
  const credentials = [given['instagram-token'], given['github-token'], given['app-secret']];
  for (const value of credentials) {
    if (value?.trim()) expect(error.message).not.toContain(value.trim());
  }
  return error;
}

describe('readConfig rejections', () => {
  const booleans: InputName[] = [
    'dry-run',
    'open-issue-on-failure',
    'close-issue-on-success',
    'record-expiry',
    'keepalive',
  ];
  const cases: [InputName, string][] = [
    ['secret-name', 'GITHUB_TOKEN'],
    ['secret-name', 'github_token'],
    ['secret-name', 'GitHub_Secret'],
    ['secret-name', '1TOKEN'],
    ['secret-name', 'MY-TOKEN'],
    ['secret-name', 'MY TOKEN'],
    ['secret-name', 'MY.TOKEN'],
    ['repository', 'acme'],
    ['repository', 'a/b/c'],
    ['repository', '/x'],
    ['repository', 'x/'],
    ['repository', 'ac me/x'],
    ['repository', 'acme/..'],
    ['api', 'graph'],
    ['refresh-threshold-days', 'abc'],
    ['refresh-threshold-days', '-1'],
    ['refresh-threshold-days', '1e3'],
    // The buffer must be at least a day: 0 would mean "never refresh".
    ['refresh-threshold-days', '0'],
    ['refresh-threshold-days', '0.5'],
    ['create-secret', 'yes'],
    ['run-timeout', '5'],
    ['run-timeout', 'soon'],
    ['run-timeout', '99999'],
    ['inactivity-warning-days', '4.5'],
    ['inactivity-warning-days', '-3'],
    ['inactivity-warning-days', 'abc'],
    ...booleans.flatMap((name) => ['yes', '1', 'on'].map((v): [InputName, string] => [name, v])),
    ...(['instagram-api-url', 'facebook-api-url'] as const).flatMap((name) =>
      [
        'ftp://x',
        'graph.instagram.com',
        'javascript:alert(1)',
        'https://x.test/?a=1',
        // Tokens and the app secret travel in it: no clear text off this machine.
        'http://graph.instagram.com',
        'http://10.0.0.5:8080',
        'http://localhost.example.com',
      ].map((v): [InputName, string] => [name, v]),
    ),
    ['expiry-variable', 'GITHUB_EXPIRY'],
    ['expiry-variable', '9_EXPIRES'],
    ['expiry-variable', 'TOKEN-EXPIRES'],
    ['issue-labels', ' , ,'],
    ['issue-assignees', 'octo cat'],
    ['issue-assignees', 'hubot, bad/login'],
    ['request-timeout', '0'],
    ['request-timeout', '-1'],
    ['request-timeout', '0.5'],
    ['request-timeout', '301'],
    ['request-timeout', '10s'],
    ['organization', 'not an org!'],
    ['environment', 'prod\nstaging'],
    ['graph-api-version', '26.0'],
    ['app-id', 'my app'],
  ];

  it.each(cases)('%s = %j is rejected, naming the input', (name, value) => {
    expectRejected(inputs({ [name]: value }), name);
  });

  it.each(['', '   ', ' \n\t '])('an empty instagram-token (%j) is rejected', (token) => {
    const error = expectRejected(inputs({ 'instagram-token': token }), 'instagram-token');
    expect(error.message).toMatch(/empty/);
  });

  it.each(['http://user:hunter2secret@proxy.test/graph', 'not a url key=hunter2secret'])(
    'a bad URL (%j) is rejected without quoting a credential it may carry',
    (url) => {
      const error = expectRejected(inputs({ 'instagram-api-url': url }), 'instagram-api-url');
      expect(error.message).not.toContain('hunter2secret');
    },
  );

  it('an empty github-token is rejected', () => {
    expectRejected(inputs({ 'github-token': '  ' }), 'github-token');
  });

  it('white space inside the token is rejected without quoting the token', () => {
    const [head, tail] = [fakeToken('IGAA'), fakeToken('')];
    const error = expectRejected(
      inputs({ 'instagram-token': `${head} ${tail}` }),
      'instagram-token',
    );
    expect(error.message).not.toContain(head);
    expect(error.message).not.toContain(tail);
  });

  it('environment and organization together are rejected, naming both', () => {
    const error = expectRejected(
      inputs({ environment: 'production', organization: 'acme' }),
      'environment',
    );
    expect(error.message).toContain("'organization'");
  });

  it('a missing repository with no GITHUB_REPOSITORY is rejected', () => {
    expectRejected(inputs(), 'repository', {});
  });

  it.each([
    ['auto', 'IGQV'],
    ['instagram', 'IGQV'],
    ['facebook', 'IGQV'],
  ])('api %s with a Basic Display token is rejected, naming instagram-token', (api, prefix) => {
    const given = inputs({
      api,
      'instagram-token': fakeToken(prefix),
      'app-id': '123',
      'app-secret': fakeToken(''),
    });
    const error = expectRejected(given, 'instagram-token');
    expect(error.message).toContain('Basic Display');
    expect(error.message).toContain('2024-12-04');
  });

  it('api auto with a token of unknown prefix is taken as Instagram Login', () => {
    expect(configFrom(inputs({ 'instagram-token': fakeToken('XYZ') })).flavour).toBe('instagram');
  });

  it.each([
    ['app-id', { 'app-secret': fakeToken('') }],
    ['app-secret', { 'app-id': '1234567890' }],
  ] as const)('a Facebook token without %s is rejected', (missing, present) => {
    expectRejected(inputs({ 'instagram-token': fakeToken('EAA'), ...present }), missing);
  });
});

describe('readConfig refuses a credential bound for the wrong place (before any request)', () => {
  it.each([
    [
      'a GitHub PAT in instagram-token',
      { 'instagram-token': fakeToken('ghp_') },
      'instagram-token',
    ],
    [
      'a fine-grained PAT in instagram-token',
      { 'instagram-token': fakeToken('github_pat_') },
      'instagram-token',
    ],
    [
      'an app token in instagram-token',
      { 'instagram-token': fakeToken('ghs_') },
      'instagram-token',
    ],
    ['an Instagram token in github-token', { 'github-token': fakeToken('IGAA') }, 'github-token'],
    ['a Facebook token in github-token', { 'github-token': fakeToken('EAA') }, 'github-token'],
    ['a Meta token in issue-token', { 'issue-token': fakeToken('IGAA') }, 'issue-token'],
    ['a quoted token', { 'instagram-token': `"${fakeToken('IGAA')}"` }, 'instagram-token'],
    ['a quote inside', { 'instagram-token': `${fakeToken('IGAA')}'x` }, 'instagram-token'],
    ['a typographic quote', { 'instagram-token': `\u201c${fakeToken('IGAA')}` }, 'instagram-token'],
    ['a space inside', { 'instagram-token': `${fakeToken('IGAA')} x` }, 'instagram-token'],
    ['a quoted GitHub token', { 'github-token': `'${fakeToken('ghp_')}'` }, 'github-token'],
    [
      'api instagram with an EAA token',
      { api: 'instagram', 'instagram-token': fakeToken('EAA') },
      'api',
    ],
    [
      'api facebook with an IGAA token',
      { api: 'facebook', 'instagram-token': fakeToken('IGAA'), 'app-id': '1', 'app-secret': 'x' },
      'api',
    ],
  ] as [string, Inputs, InputName][])('%s', (_name, extra, input) => {
    expectRejected(inputs(extra), input);
  });

  it('trims the ends of a pasted token but keeps it', () => {
    const token = fakeToken('IGAA');
    expect(configFrom(inputs({ 'instagram-token': `  ${token}\n` })).instagramToken).toBe(token);
  });

  it.each([
    'http://127.0.0.1:8080',
    'http://localhost:1',
    'http://[::1]:9',
    'http://a.sim.localhost',
  ])('allows plain http to the loopback host %s', (url) => {
    expect(configFrom(inputs({ 'instagram-api-url': url })).instagramApiUrl).toBe(
      url.replace(/\/$/, ''),
    );
  });

  it('reads create-secret and run-timeout, with their defaults', () => {
    expect(configFrom(inputs())).toMatchObject({ createSecret: false, runTimeoutMs: 300_000 });
    expect(configFrom(inputs({ 'create-secret': 'true', 'run-timeout': '42' }))).toMatchObject({
      createSecret: true,
      runTimeoutMs: 42_000,
    });
  });
});

describe('readConfig values', () => {
  it('trims a pasted token', () => {
    const token = fakeToken('IGAA');
    expect(configFrom(inputs({ 'instagram-token': `  ${token} \n` })).instagramToken).toBe(token);
  });

  it('uses defaults for everything optional', () => {
    const given = inputs();
    const config = configFrom(given);
    expect(config).toMatchObject({
      flavour: 'instagram',
      destination: {
        scope: 'repository',
        secretName: 'INSTAGRAM_ACCESS_TOKEN',
        repository: { owner: 'acme', repo: 'site' },
      },
      workflowRepository: { owner: 'acme', repo: 'site' },
      dryRun: false,
      openIssueOnFailure: true,
      closeIssueOnSuccess: true,
      recordExpiry: true,
      keepalive: false,
      issueLabels: ['instagram-token'],
      issueAssignees: [],
      issueToken: given['github-token'],
      expiryVariable: 'INSTAGRAM_ACCESS_TOKEN_EXPIRES_AT',
      inactivityWarningDays: 45,
      instagramApiUrl: 'https://graph.instagram.com',
      facebookApiUrl: 'https://graph.facebook.com',
      requestTimeoutMs: 10_000,
    });
    expect(config.refreshThresholdDays).toBeUndefined();
  });

  it('returns a frozen object', () => {
    const config = configFrom(inputs());
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { dryRun: boolean }).dryRun = true;
    }).toThrow(TypeError);
  });

  it('takes repository, environment and organization', () => {
    const env = configFrom(inputs({ repository: 'other/place', environment: 'prod' }));
    expect(env.destination).toEqual({
      scope: 'environment',
      secretName: 'INSTAGRAM_ACCESS_TOKEN',
      repository: { owner: 'other', repo: 'place' },
      environment: 'prod',
    });
    expect(env.workflowRepository).toEqual({ owner: 'acme', repo: 'site' });
    const org = configFrom(inputs({ organization: 'acme-org' }));
    expect(org.destination).toMatchObject({ scope: 'organization', org: 'acme-org' });
  });

  it.each([
    ['IGAA', 'auto', 'instagram'],
    ['EAA', 'auto', 'facebook'],
    ['IGAA', 'instagram', 'instagram'],
    ['EAA', 'facebook', 'facebook'],
    ['XYZ', 'facebook', 'facebook'],
  ])('a %s token with api %s is %s', (prefix, api, flavour) => {
    const given = inputs({
      'instagram-token': fakeToken(prefix),
      api,
      'app-id': '1234',
      'app-secret': fakeToken(''),
    });
    expect(configFrom(given).flavour).toBe(flavour);
  });

  it('reads secret-name and derives the expiry variable from it', () => {
    const config = configFrom(inputs({ 'secret-name': 'IG_TOKEN_2' }));
    expect(config.destination.secretName).toBe('IG_TOKEN_2');
    expect(config.expiryVariable).toBe('IG_TOKEN_2_EXPIRES_AT');
    expect(configFrom(inputs({ 'expiry-variable': 'WHEN' })).expiryVariable).toBe('WHEN');
  });

  it.each([
    ['refresh-threshold-days', '7', 'refreshThresholdDays', 7],
    ['refresh-threshold-days', '2.5', 'refreshThresholdDays', 2.5],
    ['inactivity-warning-days', '0', 'inactivityWarningDays', 0],
    ['dry-run', 'TRUE', 'dryRun', true],
    ['keepalive', 'true', 'keepalive', true],
    ['record-expiry', 'False', 'recordExpiry', false],
    ['instagram-api-url', 'http://127.0.0.1:8080/', 'instagramApiUrl', 'http://127.0.0.1:8080'],
    ['facebook-api-url', 'https://proxy.test/graph/', 'facebookApiUrl', 'https://proxy.test/graph'],
    ['issue-labels', 'token, ops ,,urgent', 'issueLabels', ['token', 'ops', 'urgent']],
    ['issue-labels', 'a\nb', 'issueLabels', ['a', 'b']],
    ['issue-assignees', '@octocat, hubot', 'issueAssignees', ['octocat', 'hubot']],
    ['request-timeout', '2.5', 'requestTimeoutMs', 2500],
    ['request-timeout', '300', 'requestTimeoutMs', 300_000],
  ] as const)('%s = %j gives %s %j', (name, value, field, expected) => {
    expect(configFrom(inputs({ [name]: value }))[field]).toEqual(expected);
  });

  it('uses issue-token when set', () => {
    const issueToken = fakeToken('ghs_');
    expect(configFrom(inputs({ 'issue-token': issueToken })).issueToken).toBe(issueToken);
  });
});

describe('readConfig with action.yml defaults copied verbatim', () => {
  it('treats an unevaluated ${{ … }} expression as not given', () => {
    const config = configFrom(
      inputs({
        repository: '${{ github.repository }}',
        'issue-token': '${{ github.token }}',
      }),
    );
    expect(config.destination).toMatchObject({ repository: { owner: 'acme', repo: 'site' } });
    expect(config.issueToken).toBe(config.githubToken);
  });
});

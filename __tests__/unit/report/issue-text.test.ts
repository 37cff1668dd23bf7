import { describe, expect, it } from '@jest/globals';
import { expiryAt, expiryFromSeconds } from '../../../src/rules/expiry.js';
import type { Failure, FixKind, Outcome } from '../../../src/rules/outcome.js';
import {
  failureComment,
  failureIssueBody,
  failureIssueTitle,
  inactivityReminderBody,
  successComment,
  type IssueContext,
} from '../../../src/report/issue-text.js';
import { fixSteps } from '../../../src/report/fix-steps.js';

const NOW = Date.parse('2026-01-05T04:37:12.345Z');
const RUN_URL = 'https://github.com/acme/site/actions/runs/4242';
const SETTINGS_URL = 'https://github.com/acme/site/settings/secrets/actions';
const MARKER = '<!-- instagram-token-refresh: repo:acme/site:INSTAGRAM_ACCESS_TOKEN -->';
const DESTINATION = 'repository secret INSTAGRAM_ACCESS_TOKEN in acme/site';

const context: IssueContext = {
  marker: MARKER,
  secretName: 'INSTAGRAM_ACCESS_TOKEN',
  destination: DESTINATION,
  where: 'acme/site',
  login: 'Instagram Login',
  account: 'acme.photos',
  when: '2026-01-05T04:37:12.345Z',
  runUrl: RUN_URL,
  secretSettingsUrl: SETTINGS_URL,
  githubTokenInput: 'github-token',
  scheduled: true,
};

const expired: Failure = {
  step: 'refresh',
  message: 'Meta refused the token: it has expired.',
  advice: 'Get a new long-lived token and update the secret.',
  transient: false,
  fix: 'reauthorize',
  graph: {
    code: 190,
    subcode: 463,
    fbtraceId: 'AbCdEf123_xyz',
    message: 'Error validating access token: Session has expired',
    httpStatus: 400,
  },
};

const forbidden: Failure = {
  step: 'write',
  message: 'GitHub refused to write the secret.',
  advice: `Give the 'github-token' token "Secrets: Read and write" on acme/site.`,
  transient: false,
  fix: 'github-permission',
  github: {
    status: 403,
    message: 'Resource not accessible by personal access token',
    acceptedPermissions: 'secrets=write',
  },
};

const outage: Failure = {
  step: 'refresh',
  message: 'Meta answered HTTP 503 three times.',
  advice: 'Nothing: the next run tries again.',
  transient: true,
  fix: 'retry',
  graph: { code: 2, httpStatus: 503 },
};

function failure(fix: FixKind, extra: Partial<Failure> = {}): Failure {
  return { ...expired, fix, advice: `Advice for ${fix}.`, ...extra };
}

/** The facts table's row named `name`, or undefined. */
function row(markdown: string, name: string): string | undefined {
  return markdown.split('\n').find((line) => line.startsWith(`| ${name} | `));
}

describe('failureIssueTitle', () => {
  it('names the secret and where it lives', () => {
    expect(failureIssueTitle(context)).toBe(
      'Instagram token refresh failed: INSTAGRAM_ACCESS_TOKEN (acme/site)',
    );
    expect(failureIssueTitle({ ...context, where: 'acme/site, environment production' })).toContain(
      '(acme/site, environment production)',
    );
  });
});

describe('failureIssueBody', () => {
  const body = failureIssueBody(expired, context);

  it('starts with the marker, on its own line', () => {
    expect(body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(body.split(MARKER)).toHaveLength(2);
  });

  it('names the destination (and so the secret) and what failed', () => {
    expect(body).toContain(`**${DESTINATION}**`);
    expect(row(body, 'Secret')).toBe(`| Secret | ${DESTINATION} |`);
    expect(row(body, 'Account')).toBe('| Account | acme.photos (Instagram Login) |');
    expect(row(body, 'When')).toBe('| When | 2026-01-05T04:37:12.345Z |');
    expect(row(body, 'What failed')).toBe('| What failed | the refresh |');
    expect(row(body, 'Error')).toBe('| Error | Meta refused the token: it has expired. |');
  });

  it("gives Meta's code, subcode, HTTP status, fbtrace_id and message", () => {
    const graph = row(body, 'Graph API error');
    expect(graph).toContain('code 190');
    expect(graph).toContain('subcode 463');
    expect(graph).toContain('HTTP 400');
    expect(graph).toContain('fbtrace_id `AbCdEf123_xyz`');
    expect(graph).toContain('Session has expired');
    expect(row(body, 'GitHub answer')).toBeUndefined();
  });

  it('a Graph error without a code says so, and leaves out what it lacks', () => {
    const graph = row(
      failureIssueBody({ ...expired, graph: { httpStatus: 502 } }, context),
      'Graph API error',
    );
    expect(graph).toBe('| Graph API error | no code, HTTP 502 |');
  });

  it("gives GitHub's status, message and accepted permissions", () => {
    const md = failureIssueBody(forbidden, context);
    const github = row(md, 'GitHub answer');
    expect(github).toContain('HTTP 403');
    expect(github).toContain('Resource not accessible by personal access token');
    expect(github).toContain('this call needs Secrets (write)');
    expect(github).not.toContain('secrets=write');
    expect(row(md, 'Graph API error')).toBeUndefined();
    expect(row(failureIssueBody({ ...forbidden, github: {} }, context), 'GitHub answer')).toBe(
      '| GitHub answer | no answer |',
    );
  });

  it('links the run, and the secret settings in the steps', () => {
    expect(row(body, 'Run')).toBe(`| Run | [${RUN_URL}](${RUN_URL}) |`);
    expect(body).toContain(SETTINGS_URL);
  });

  it('numbers the steps to fix it under "What to do"', () => {
    const steps = fixSteps(expired, context);
    const after = body.slice(body.indexOf('### What to do'));
    expect(after).not.toBe(body);
    steps.forEach((step, index) => expect(after).toContain(`${index + 1}. ${step}`));
  });

  it("without an account it names the login alone, in the summary's words", () => {
    const md = failureIssueBody(expired, { ...context, account: undefined });
    expect(row(md, 'Account')).toBeUndefined();
    expect(row(md, 'Login')).toBe('| Login | Instagram Login |');
  });

  describe("the current token's life", () => {
    it('expiry known: still works until, and the days left', () => {
      const currentExpiry = expiryFromSeconds(20 * 86_400 + 3_600, NOW);
      const md = failureIssueBody(expired, { ...context, currentExpiry });
      expect(row(md, 'Current token')).toBe(
        `| Current token | still works until ${currentExpiry.expiresAt} (20 days left) |`,
      );
    });

    it('expired', () => {
      const currentExpiry = expiryAt(NOW - 86_400_000, NOW);
      const md = failureIssueBody(expired, { ...context, currentExpiry });
      expect(row(md, 'Current token')).toBe(
        `| Current token | expired on ${currentExpiry.expiresAt} |`,
      );
    });

    it('unknown', () => {
      expect(row(body, 'Current token')).toBe('| Current token | expiry not known |');
    });
  });

  it("cells escape '|', '<', '>' and line breaks, so text cannot break the table", () => {
    const md = failureIssueBody(
      {
        ...expired,
        message: 'bad | value <img src=x>\nsecond line',
        graph: { code: 100, message: 'a|b <script>' },
      },
      { ...context, account: 'odd|name' },
    );
    expect(row(md, 'Error')).toBe('| Error | bad \\| value &lt;img src=x&gt; second line |');
    expect(row(md, 'Graph API error')).toContain('a\\|b &lt;script&gt;');
    expect(row(md, 'Account')).toBe('| Account | odd\\|name (Instagram Login) |');
    const table = md.split('\n').filter((line) => line.startsWith('| '));
    expect(table.join('\n')).not.toMatch(/<img|<script/);
  });
});

describe('failureComment', () => {
  const comment = failureComment(outage, context);

  it('is headed with the time of the run in UTC, without milliseconds', () => {
    expect(comment.startsWith('### Failed again, 2026-01-05 04:37:12 UTC\n')).toBe(true);
    expect(failureComment(outage, { ...context, when: '2026-01-05T04:37:12Z' })).toMatch(
      /^### Failed again, 2026-01-05 04:37:12 UTC\n/,
    );
  });

  it('carries the facts table and the advice', () => {
    expect(row(comment, 'Error')).toBe('| Error | Meta answered HTTP 503 three times. |');
    expect(row(comment, 'Graph API error')).toBe('| Graph API error | code 2, HTTP 503 |');
    expect(row(comment, 'Run')).toContain(RUN_URL);
    expect(comment).toContain('What to do: Nothing: the next run tries again.');
  });
});

describe('successComment', () => {
  const facts = { destination: DESTINATION, login: 'Instagram Login' };

  it('after a refresh: links the run, says what it updated and the new expiry, closes', () => {
    const outcome: Outcome = {
      ...facts,
      status: 'refreshed',
      expiry: expiryFromSeconds(59 * 86_400, Date.parse('2026-01-01T00:00:00Z')),
      written: 'updated',
      sameToken: false,
    };
    const md = successComment(outcome, context);
    expect(md.startsWith('### Fixed: a run succeeded')).toBe(true);
    expect(md).toContain(
      `[This run](${RUN_URL}) refreshed the token and updated the ${DESTINATION}.`,
    );
    expect(md).toContain('The token now expires 2026-03-01 (in 59 days).');
    expect(md).toContain('Closing this issue.');
  });

  it('after a refresh without a reported expiry: no expiry sentence', () => {
    const md = successComment(
      { ...facts, status: 'refreshed', written: 'created', sameToken: false },
      context,
    );
    expect(md).toContain('refreshed the token');
    expect(md).not.toContain('expires');
  });

  it('after a skipped run: the token was checked and works', () => {
    const md = successComment(
      { ...facts, status: 'skipped', reason: 'threshold', detail: '40 days left' },
      context,
    );
    expect(md).toContain(
      `[This run](${RUN_URL}) checked the token in the ${DESTINATION}: it works.`,
    );
    expect(md).toContain('Closing this issue.');
  });
});

describe('fixSteps', () => {
  const kinds: FixKind[] = [
    'reauthorize',
    'github-permission',
    'github-auth',
    'github-not-found',
    'retry',
    'meta-app',
    'bug',
    'other',
  ];

  it.each(kinds)('%s: non-empty steps, the last one re-runs the failed run', (fix) => {
    const steps = fixSteps(failure(fix), context);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    for (const step of steps) expect(step.trim()).not.toBe('');
    expect(steps[steps.length - 1]).toContain(`[the failed run](${RUN_URL})`);
  });

  it('reauthorize: a person logs in again, gets an IGAA token, and pastes it into the secret', () => {
    const steps = fixSteps(expired, context);
    expect(steps).toHaveLength(4);
    expect(steps[0]).toContain('“Error validating access token: Session has expired”');
    expect(steps[0]).toMatch(/cannot fix this by itself/);
    expect(steps[1]).toContain('acme.photos');
    expect(steps[1]).toContain('IGAA');
    expect(steps[1]).toMatch(/Facebook Login/);
    expect(steps[2]).toContain('`INSTAGRAM_ACCESS_TOKEN`');
    expect(steps[2]).toContain(`(${SETTINGS_URL})`);
  });

  it('reauthorize without a Graph message or an account still reads well', () => {
    const steps = fixSteps({ ...expired, graph: undefined }, { ...context, account: undefined });
    expect(steps[0]).toMatch(/^Meta no longer accepts the token\. /);
    expect(steps[1]).toContain('for the account.');
  });

  it('github-permission: names the token input, the advice and where to add it', () => {
    const steps = fixSteps(forbidden, context);
    expect(steps[0]).toBe(forbidden.advice);
    expect(steps[0]).toContain("'github-token'");
    // Said once, not twice in other words.
    expect(steps.join('\n').match(/lacks a permission|missing a permission/g)).toBeNull();
    expect(steps[1]).toContain('https://github.com/settings/personal-access-tokens');
    expect(steps[1]).toMatch(/GitHub App/);
    expect(steps.join('\n')).not.toContain('IGAA');
  });

  it('github-auth: the token in the input is wrong, expired or revoked', () => {
    const steps = fixSteps(failure('github-auth'), { ...context, githubTokenInput: 'issue-token' });
    expect(steps[0]).toContain('`issue-token`');
    expect(steps[0]).toMatch(/wrong, expired or revoked/);
    expect(steps.join('\n')).not.toContain('IGAA');
  });

  it.each(['github-not-found', 'meta-app', 'bug', 'other'] as const)(
    '%s: the advice, then re-run',
    (fix) => {
      const steps = fixSteps(failure(fix), context);
      expect(steps).toHaveLength(2);
      expect(steps[0]).toBe(`Advice for ${fix}.`);
    },
  );

  it('retry with a known schedule: nothing to do, and when the next run is', () => {
    const steps = fixSteps(outage, { ...context, nextRun: new Date('2026-01-12T04:37:00Z') });
    expect(steps[0]).toMatch(/^Nothing to do yet/);
    expect(steps[0]).toMatch(/left as it was/);
    expect(steps[1]).toBe('The next scheduled run, at 2026-01-12T04:37:00Z, tries again.');
    expect(steps.join('\n')).not.toContain('IGAA');
  });

  it('retry without a known schedule: the next scheduled run tries again', () => {
    const steps = fixSteps(outage, context);
    expect(steps[0]).toMatch(/^Nothing to do yet/);
    expect(steps[1]).toBe('The next scheduled run of this workflow tries again.');
  });
});

describe('inactivityReminderBody', () => {
  const marker = '<!-- instagram-token-refresh: inactivity -->';

  it('starts with the marker and gives the repository, last push and disable date', () => {
    const md = inactivityReminderBody(marker, 'acme/site', '2026-01-01', '2026-03-02', false);
    expect(md.startsWith(`${marker}\n`)).toBe(true);
    expect(md).toContain('**acme/site** has had no push since 2026-01-01.');
    expect(md).toContain('around **2026-03-02**');
    expect(md).toMatch(/60 days/);
    expect(md).toContain('1. Push a commit');
    expect(md).toContain('or set `keepalive: true` (with `actions: write`)');
  });

  it('with keepalive on it says each run re-enables the workflow', () => {
    const md = inactivityReminderBody(marker, 'acme/site', '2026-01-01', '2026-03-02', true);
    expect(md).toContain('`keepalive: true` is set');
    expect(md).not.toContain('or set `keepalive: true`');
  });
});

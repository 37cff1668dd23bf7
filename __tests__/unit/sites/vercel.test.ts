import { describe, expect, it } from '@jest/globals';
import type { SiteTargets } from '../../../src/inputs/sites.js';
import { SiteCallError, type SiteHttp, type SiteRequest } from '../../../src/sites/site-http.js';
import { copyToVercel } from '../../../src/sites/vercel.js';

type Vercel = NonNullable<SiteTargets['vercel']>;

/** A SiteHttp that records each request and answers from a script, by method. */
function fakeHttp(answers: Partial<Record<SiteRequest['method'], unknown[]>>) {
  const sent: SiteRequest[] = [];
  const http: SiteHttp = {
    async send<T>(request: SiteRequest) {
      sent.push(request);
      const queue = answers[request.method] ?? [];
      const body = queue.length > 1 ? queue.shift() : queue[0];
      return { status: 200, body: (body ?? {}) as T };
    },
  };
  return { http, sent };
}

const vercel: Vercel = {
  token: 'vercel_token_value',
  project: 'shop',
  targets: ['production', 'preview'],
  apiUrl: 'https://api.vercel.test',
};

describe('copyToVercel', () => {
  it('updates every record of the key by id, keeping its targets, and creates nothing covered', async () => {
    const { http, sent } = fakeHttp({
      GET: [
        {
          envs: [
            { id: 'a', key: 'IG', type: 'sensitive', target: ['production', 'preview'] },
            { id: 'b', key: 'IG', type: 'encrypted', target: ['development'] },
            { id: 'c', key: 'OTHER', type: 'plain', target: ['production'] },
          ],
        },
      ],
    });
    await copyToVercel(http, vercel, 'IG', 'NEW');
    expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /v10/projects/shop/env',
      'PATCH /v9/projects/shop/env/a',
      'PATCH /v9/projects/shop/env/b',
    ]);
    expect(sent[1].body).toEqual({ value: 'NEW', target: ['production', 'preview'] });
    expect(sent.every((r) => !r.url.includes('NEW'))).toBe(true); // the token only in bodies
  });

  it('creates a sensitive record for production and preview and an encrypted one for development', async () => {
    const { http, sent } = fakeHttp({ GET: [{ envs: [] }], POST: [{ created: [], failed: [] }] });
    await copyToVercel(
      http,
      { ...vercel, targets: ['production', 'preview', 'development'] },
      'IG',
      'NEW',
    );
    expect(sent[1].method).toBe('POST');
    expect(sent[1].body).toEqual([
      { key: 'IG', value: 'NEW', type: 'sensitive', target: ['production', 'preview'] },
      { key: 'IG', value: 'NEW', type: 'encrypted', target: ['development'] },
    ]);
  });

  it('patches the record it has and creates only the target no record covers', async () => {
    const { http, sent } = fakeHttp({
      GET: [{ envs: [{ id: 'p', key: 'IG', type: 'secret', target: 'production' }] }],
      POST: [{ created: [], failed: [] }],
    });
    await copyToVercel(http, vercel, 'IG', 'NEW');
    // A legacy secret record becomes sensitive; never a secret-type write.
    expect(sent[1]).toMatchObject({ method: 'PATCH', body: { value: 'NEW', type: 'sensitive' } });
    expect(sent[2].body).toEqual([
      { key: 'IG', value: 'NEW', type: 'sensitive', target: ['preview'] },
    ]);
  });

  it('a failed[] entry inside a 2xx is a refusal', async () => {
    const { http } = fakeHttp({
      GET: [{ envs: [] }],
      POST: [{ created: [], failed: [{ error: { code: 'ENV_CONFLICT', message: 'exists' } }] }],
    });
    await expect(copyToVercel(http, vercel, 'IG', 'NEW')).rejects.toBeInstanceOf(SiteCallError);
  });

  it('pages through the list, and names the team on every call', async () => {
    const { http, sent } = fakeHttp({
      GET: [
        { envs: [], pagination: { next: 123 } },
        { envs: [], pagination: { next: null } },
      ],
    });
    await copyToVercel(http, { ...vercel, team: { teamId: 'team_1' } }, 'IG', undefined);
    expect(sent.map((r) => new URL(r.url).search)).toEqual([
      '?teamId=team_1&limit=100',
      '?teamId=team_1&limit=100&until=123',
    ]);
  });

  it('a dry run only reads', async () => {
    const { http, sent } = fakeHttp({
      GET: [{ envs: [{ id: 'a', key: 'IG', target: ['production'] }] }],
    });
    await copyToVercel(http, { ...vercel, team: { slug: 'acme' } }, 'IG', undefined);
    expect(sent.map((r) => r.method)).toEqual(['GET']);
    expect(sent[0].url).toContain('slug=acme');
  });
});

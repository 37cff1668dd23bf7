/**
 * Instagram API with Instagram Login (graph.instagram.com).
 * Refresh: GET /refresh_access_token?grant_type=ig_refresh_token, unversioned as Meta documents
 * it, with no app secret. Verify: GET /{version}/me?fields=id,username: fields every
 * Instagram-Login token has. Some accounts refuse `user_id` with code 100 (reported in 2026)
 * although their token works, and a refused field is not a dead token: when Meta refuses the
 * fields (code 100), the check asks once more for `id` alone.
 */
import { GraphError } from '../rules/errors.js';
import type { GraphClient } from './http.js';
import { secondsField, stringField, type TokenApi } from './token-api.js';

export interface InstagramOptions {
  baseUrl: string;
  version: string;
}

const SERVICE = 'Instagram';
// "(#100) Tried accessing nonexisting field": Meta's answer to a field it will not give.
const FIELD_REFUSED = 100;

export function instagramTokenApi(graph: GraphClient, options: InstagramOptions): TokenApi {
  return {
    flavour: 'instagram',
    label: 'Instagram Login',
    async refresh(token) {
      const body = await graph.get<Record<string, unknown>>({
        service: SERVICE,
        baseUrl: options.baseUrl,
        path: '/refresh_access_token',
        params: { grant_type: 'ig_refresh_token', access_token: token },
        what: 'the token refresh',
      });
      const refreshed = stringField(body, 'access_token');
      if (!refreshed) throw missingField('the token refresh', 'access_token');
      return { token: refreshed, expiresInSeconds: secondsField(body, 'expires_in') };
    },
    async verify(token) {
      const me = (fields: string) =>
        graph.get<Record<string, unknown>>({
          service: SERVICE,
          baseUrl: options.baseUrl,
          path: `/${options.version}/me`,
          params: { fields, access_token: token },
          what: 'the token check (/me)',
        });
      const body = await me('id,username').catch((error: unknown) => {
        if (error instanceof GraphError && error.code === FIELD_REFUSED) return me('id');
        throw error;
      });
      const id = stringField(body, 'id');
      if (!id) throw missingField('the token check (/me)', 'id');
      return { id, name: stringField(body, 'username') ?? id };
    },
  };
}

/** A 200 answer without the field we need: Meta changed, or something in between did. */
export function missingField(what: string, field: string): GraphError {
  return new GraphError(`The Graph API answered ${what} without "${field}".`, {
    kind: 'permanent',
    reason: 'unexpected-response',
    advice:
      'Check instagram-api-url / facebook-api-url: they must point at the Graph API (or a ' +
      'proxy that passes its answers through unchanged).',
  });
}

/**
 * Facebook Login user tokens (graph.facebook.com). Meta documents only the short → long
 * exchange (fb_exchange_token); re-exchanging a long-lived token is what public code does to
 * keep it alive, and debug_token with the app token tells when a token expires.
 */
import type { GraphClient } from './http.js';
import { missingField } from './instagram.js';
import { secondsField, stringField, type TokenApi } from './token-api.js';

export interface FacebookOptions {
  baseUrl: string;
  version: string;
  appId: string;
  appSecret: string;
}

const SERVICE = 'Facebook';

export function facebookTokenApi(graph: GraphClient, options: FacebookOptions): TokenApi {
  const { baseUrl, version, appId, appSecret } = options;
  return {
    flavour: 'facebook',
    label: 'Facebook Login',
    async refresh(token) {
      const body = await graph.get<Record<string, unknown>>({
        service: SERVICE,
        baseUrl,
        path: `/${version}/oauth/access_token`,
        params: {
          grant_type: 'fb_exchange_token',
          client_id: appId,
          client_secret: appSecret,
          fb_exchange_token: token,
        },
        what: 'the token exchange (fb_exchange_token)',
      });
      const refreshed = stringField(body, 'access_token');
      if (!refreshed) throw missingField('the token exchange', 'access_token');
      return { token: refreshed, expiresInSeconds: secondsField(body, 'expires_in') };
    },
    async verify(token) {
      const body = await graph.get<Record<string, unknown>>({
        service: SERVICE,
        baseUrl,
        path: `/${version}/me`,
        params: { fields: 'id,name', access_token: token },
        what: 'the token check (/me)',
      });
      const id = stringField(body, 'id');
      if (!id) throw missingField('the token check (/me)', 'id');
      return { id, name: stringField(body, 'name') ?? id };
    },
    async readExpiry(token) {
      const body = await graph.get<{ data?: Record<string, unknown> }>({
        service: SERVICE,
        baseUrl,
        path: `/${version}/debug_token`,
        params: { input_token: token, access_token: `${appId}|${appSecret}` },
        what: 'the expiry check (debug_token)',
      });
      const data = body.data ?? {};
      if (data.is_valid === false) return undefined;
      const expiresAt = Number(data.expires_at);
      return Number.isFinite(expiresAt) ? expiresAt : undefined;
    },
  };
}

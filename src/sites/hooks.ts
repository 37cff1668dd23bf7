/**
 * Deploy hooks (Vercel deploy hook, Netlify build hook, Cloudflare Pages deploy hook): a POST
 * with no credential, because the URL itself is the secret. Named by position in reports, never
 * by URL.
 */
import type { SiteHttp } from './site-http.js';

export async function postHook(http: SiteHttp, url: string, index: number): Promise<void> {
  await http.send({
    method: 'POST',
    url,
    body: {},
    anyBody: true,
    what: `POST deploy hook ${index + 1}`,
    advise: (status) =>
      status === 404 || status === 410
        ? `Deploy hook ${index + 1} does not exist any more: create a new one in the platform's ` +
          "settings and put its URL in the secret behind 'deploy-hooks'."
        : `Deploy hook ${index + 1} was refused: check its URL in the platform's settings.`,
  });
}

/**
 * The connection pool a request goes through: the runner's proxy (HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY, as @actions/http-client reads them) tunnels it; otherwise one keep-alive agent per
 * protocol. @actions/http-client itself, and the tunnel library behind it, load only when a
 * proxy applies to a URL the run calls.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { getProxyUrl } from '@actions/http-client/lib/proxy';

type HttpClient = import('@actions/http-client').HttpClient;

const direct = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};
let proxied: Promise<HttpClient> | undefined;

export async function agentFor(url: URL): Promise<HttpAgent> {
  if (getProxyUrl(url)?.hostname) {
    proxied ??= import('@actions/http-client').then(
      ({ HttpClient }) => new HttpClient('instagram-token-refresh', [], { keepAlive: true }),
    );
    // The client keeps one tunnelling agent for every proxied URL.
    return (await proxied).getAgent(url.href);
  }
  return url.protocol === 'https:' ? direct['https:'] : direct['http:'];
}

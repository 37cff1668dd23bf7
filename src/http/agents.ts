/**
 * The connection pool a request goes through: the runner's proxy (HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY, as @actions/http-client reads them) tunnels it; otherwise one keep-alive agent per
 * protocol. @actions/http-client itself, and the tunnel library behind it, load only when a
 * proxy applies to a URL the run calls.
 */
import { Agent as HttpAgent } from 'node:http';
import { getProxyUrl } from '@actions/http-client/lib/proxy';

const plain = new HttpAgent({ keepAlive: true });
// node:https starts OpenSSL (10 to 20 ms of CPU, more on Node 24): only for an https URL.
let secure: Promise<HttpAgent> | undefined;
// One tunnelling agent per target protocol and proxy: @actions/http-client keeps a single
// proxy agent per client, which would send an https request through an http tunnel in clear.
const tunnels = new Map<string, Promise<HttpAgent>>();

export async function agentFor(url: URL): Promise<HttpAgent> {
  const proxy = getProxyUrl(url);
  if (!proxy?.hostname) {
    if (url.protocol !== 'https:') return plain;
    secure ??= import('node:https').then(({ Agent }) => new Agent({ keepAlive: true }));
    return secure;
  }
  const key = `${url.protocol} ${proxy.href}`;
  let agent = tunnels.get(key);
  if (!agent) {
    agent = import('@actions/http-client').then(({ HttpClient }) =>
      new HttpClient('instagram-token-refresh', [], { keepAlive: true }).getAgent(url.href),
    );
    tunnels.set(key, agent);
    // A failed load is not kept: the next request tries again.
    agent.catch(() => tunnels.delete(key));
  }
  return agent;
}

// @ts-check
// A forwarding HTTP proxy on 127.0.0.1 for the proxy tests. The action bypasses proxies for
// loopback addresses (as @actions/http-client does), so tests address the fakes by names under
// `.sim.localhost`, which only this proxy resolves (to 127.0.0.1; .localhost names are loopback
// by RFC 6761, so the action lets them use plain http). It handles both forms a client
// may use: CONNECT tunnels and absolute-form requests. Every request is recorded.

import http from 'node:http';
import net from 'node:net';

/**
 * @typedef {object} ProxyRecord
 * @property {'CONNECT' | 'FORWARD'} kind
 * @property {string} host the target host the client asked for
 * @property {number} port
 * @property {string} [method] for absolute-form requests
 * @property {string} [path] for absolute-form requests, without the query
 */

/**
 * @typedef {object} ForwardProxy
 * @property {string} url e.g. http://127.0.0.1:PORT
 * @property {ProxyRecord[]} records
 * @property {() => Promise<void>} close
 */

const SIM_SUFFIX = '.sim.localhost';

/** @param {string} host */
function resolve(host) {
  return host.endsWith(SIM_SUFFIX) || host === '127.0.0.1' ? '127.0.0.1' : undefined;
}

/** @returns {Promise<ForwardProxy>} */
export async function startForwardProxy() {
  /** @type {ProxyRecord[]} */
  const records = [];
  /** @type {Set<import('node:stream').Duplex>} */
  const sockets = new Set();

  const server = http.createServer((request, response) => {
    const target = new URL(request.url ?? '/');
    const port = Number(target.port || 80);
    const address = resolve(target.hostname);
    records.push({
      kind: 'FORWARD',
      host: target.hostname,
      port,
      method: request.method,
      path: target.pathname,
    });
    if (!address) {
      response.writeHead(502).end('unknown host');
      return;
    }
    const upstream = http.request(
      {
        host: address,
        port,
        method: request.method,
        path: target.pathname + target.search,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });

  server.on('connect', (request, client, head) => {
    const [host, portText] = (request.url ?? '').split(':');
    const port = Number(portText);
    records.push({ kind: 'CONNECT', host, port });
    const address = resolve(host);
    if (!address) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [upstream, client]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        upstream.destroy();
        client.destroy();
      });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    records,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

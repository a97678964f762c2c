import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { isLoopbackHostname } from './loopback.js';

/** The TLS side of a host's settings. */
export interface TlsSettings {
  /** PEM CAs trusted on top of the system roots (Docker's `certs.d/<host>/ca.crt`). */
  ca?: string;
  cert?: string;
  key?: string;
  insecureSkipVerify?: boolean;
}

const MAX_SOCKETS = 16;

/**
 * Connection pools per target host and proxy. TLS options live on the agent (axios has no per-request
 * TLS options), and HTTPS proxies are tunnelled with CONNECT by `https-proxy-agent`: axios's own
 * `proxy` support sends https targets to the proxy as plain absolute-URI requests, which proxies
 * refuse or, worse, which expose the request to the proxy. So axios's proxy stays off and the agent
 * decides.
 */
export class AgentPool {
  private readonly agents = new Map<string, http.Agent>();

  agentFor(url: URL, tls: TlsSettings): http.Agent {
    const proxy = proxyFor(url);
    const key = `${url.protocol}//${url.host} ${proxy ?? ''}`;
    let agent = this.agents.get(key);
    if (agent === undefined) {
      agent = makeAgent(url, tls, proxy);
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Closes pooled connections; agents are made afresh on the next request. */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

function makeAgent(url: URL, tls: TlsSettings, proxy: string | undefined): http.Agent {
  const secure = url.protocol === 'https:';
  const pool = { keepAlive: true, maxSockets: MAX_SOCKETS };
  const targetTls = secure ? tlsOptions(url, tls) : {};
  // A plain-HTTP target behind a proxy is tunnelled too: one code path, and the proxy sees no request.
  if (proxy !== undefined) return new TunnelAgent(proxy, targetTls, pool);
  return secure ? new https.Agent({ ...pool, ...targetTls }) : new http.Agent(pool);
}

type ConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1];

/**
 * `https-proxy-agent` applies its constructor's TLS options to the connection to the proxy and drops
 * them for the target; the registry's CA, client certificate and verification setting belong to the
 * TLS session inside the tunnel, so they are added to each tunnelled connection here.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly targetTls: https.AgentOptions,
    pool: http.AgentOptions,
  ) {
    super(proxy, pool);
  }

  override connect(req: http.ClientRequest, opts: ConnectOptions): ReturnType<HttpsProxyAgent<string>['connect']> {
    return super.connect(req, { ...opts, ...this.targetTls } as ConnectOptions);
  }
}

function tlsOptions(url: URL, tls: TlsSettings): https.AgentOptions {
  const options: https.AgentOptions = {};
  // Docker adds a registry's CA to the system pool rather than replacing it: keep the public roots so
  // redirects (blob CDNs) and public token realms still verify.
  if (tls.ca !== undefined) options.ca = [...rootCertificates, tls.ca];
  if (tls.cert !== undefined) options.cert = tls.cert;
  if (tls.key !== undefined) options.key = tls.key;
  // Docker skips certificate checks for loopback registries unless told which CA to trust.
  const loopbackUnconfigured = isLoopbackHostname(url.hostname) && tls.ca === undefined;
  if (tls.insecureSkipVerify === true || loopbackUnconfigured) options.rejectUnauthorized = false;
  return options;
}

/**
 * The proxy for a URL from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and lowercase forms), read at request
 * time. Loopback targets are never proxied, as in Go's (and so Docker's) proxy handling.
 */
export function proxyFor(url: URL): string | undefined {
  if (isLoopbackHostname(url.hostname)) return undefined;
  const proxy = getProxyForUrl(url.href);
  return proxy === '' ? undefined : proxy;
}

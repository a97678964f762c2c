import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { closeSync, existsSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/** Fixture user for htpasswd registries (bcrypt entries only; node has no bcrypt). */
export const TEST_USER = {
  username: 'testuser',
  password: 'testpass',
  htpasswd: 'testuser:$2y$05$0kJjNo.JsBrkuLjzt59lJeqlOcJIPo/JK91DZV8AekumIEr6Gxuk6\n',
};

export interface TestCert {
  certPem: string;
  keyPem: string;
}

export interface RegistryOptions {
  /** htpasswd file contents, e.g. `TEST_USER.htpasswd`. */
  htpasswd?: string;
  /** Token auth: the issuer's realm URL, service, issuer name and signing certificate. */
  token?: { realm: string; service: string; issuer: string; rootCertPem: string };
  /** Serve HTTPS with this certificate (see `makeTestCert`, `makeTestCa`). */
  tls?: TestCert;
  /** Require client certificates signed by these CAs (PEM), `http.tls.clientcas`: mutual TLS. */
  clientCaPem?: string;
}

export interface TestRegistry {
  /** `http://127.0.0.1:PORT` (https with `tls`). */
  url: string;
  /** `127.0.0.1:PORT`: the registry name clients use. */
  host: string;
  logFile: string;
  /** The storage root (`storage.filesystem.rootdirectory`). */
  dataDir: string;
  stop(): Promise<void>;
}

const BIN = '/usr/bin/docker-registry';
const START_TIMEOUT_MS = 10_000;

/** Starts a real registry (distribution 2.8) on an ephemeral loopback port in its own temp dir. */
export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(scratchDir(), 'imagebump-registry-'));
  await writeFile(join(dir, 'config.yml'), await configLines(dir, options));
  // The log goes to a FILE: the registry logs every request, and a pipe nobody drains blocks it.
  const logFile = join(dir, 'registry.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(BIN, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await waitForPort(child, logFile);
    const host = `127.0.0.1:${port}`;
    const url = `${options.tls ? 'https' : 'http'}://${host}`;
    return { url, host, logFile, dataDir: join(dir, 'data'), stop: () => stopChild(child, exited, dir) };
  } catch (err) {
    await stopChild(child, exited, dir);
    throw err;
  }
}

// Registry writes are small and many (a tag is three files): on tmpfs a manifest PUT takes about a
// fifth of the time it takes on this machine's disk.
function scratchDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

async function configLines(dir: string, options: RegistryOptions): Promise<string> {
  const lines = ['version: 0.1', 'log:', '  level: info', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:', '    enabled: true', 'http:', '  addr: 127.0.0.1:0', '  secret: test-only-secret'];
  if (options.tls) {
    await writeFile(join(dir, 'tls.crt'), options.tls.certPem);
    await writeFile(join(dir, 'tls.key'), options.tls.keyPem);
    lines.push('  tls:', `    certificate: ${dir}/tls.crt`, `    key: ${dir}/tls.key`);
    if (options.clientCaPem !== undefined) {
      await writeFile(join(dir, 'client-ca.crt'), options.clientCaPem);
      lines.push('    clientcas:', `      - ${dir}/client-ca.crt`);
    }
  }
  if (options.htpasswd !== undefined) {
    await writeFile(join(dir, 'htpasswd'), options.htpasswd);
    lines.push('auth:', '  htpasswd:', '    realm: test-registry', `    path: ${dir}/htpasswd`);
  } else if (options.token) {
    await writeFile(join(dir, 'token.crt'), options.token.rootCertPem);
    lines.push('auth:', '  token:', `    realm: ${options.token.realm}`, `    service: ${options.token.service}`,
      `    issuer: ${options.token.issuer}`, `    rootcertbundle: ${dir}/token.crt`);
  }
  return `${lines.join('\n')}\n`;
}

async function waitForPort(child: ChildProcess, logFile: string): Promise<number> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const log = await readFile(logFile, 'utf8');
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(log)?.[1];
    if (port !== undefined) return Number(port);
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      throw new Error(`registry did not start (exit ${child.exitCode ?? child.signalCode ?? 'timeout'}):\n${log}`);
    }
    await sleep(5);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const killed = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!killed) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  await rm(dir, { recursive: true, force: true });
}

/**
 * Points many tags at a manifest that was already pushed through the API, by writing exactly what a tag
 * PUT makes the registry write (`_manifests/tags/<tag>/current/link` and the tag's index link). A PUT
 * costs ~2.6 ms of registry CPU here, so thousands of them would dominate the suite; seeded tags are
 * then listed and resolved by the real registry like pushed ones.
 */
export async function seedTags(registry: TestRegistry, repo: string, digest: string, tags: string[]): Promise<void> {
  const [algorithm, hex] = digest.split(':');
  if (algorithm === undefined || hex === undefined) throw new Error(`not a digest: ${digest}`);
  const tagsDir = join(registry.dataDir, 'docker/registry/v2/repositories', repo, '_manifests/tags');
  await Promise.all(tags.map(async (tag) => {
    const indexDir = join(tagsDir, tag, 'index', algorithm, hex);
    await mkdir(indexDir, { recursive: true });
    await mkdir(join(tagsDir, tag, 'current'), { recursive: true });
    await writeFile(join(indexDir, 'link'), digest);
    await writeFile(join(tagsDir, tag, 'current', 'link'), digest);
  }));
}

/** A self-signed RSA certificate for 127.0.0.1 and localhost (TLS registries, token signing). */
export async function makeTestCert(): Promise<TestCert> {
  const dir = await mkdtemp(join(tmpdir(), 'imagebump-cert-'));
  try {
    await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'),
      '-out', join(dir, 'cert.pem'), '-days', '36500', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
    return { certPem: await readFile(join(dir, 'cert.pem'), 'utf8'), keyPem: await readFile(join(dir, 'key.pem'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface TestCa extends TestCert {
  /** Issues a certificate signed by this CA: a server certificate for `names` (IPs or DNS names), or a client one. */
  issue(commonName: string, use: { server: string[] } | { client: true }): Promise<TestCert>;
}

/** A private CA (EC P-256, fast to make) for TLS tests: trusted servers, client certificates for mTLS. */
export async function makeTestCa(name = 'imagebump test CA'): Promise<TestCa> {
  const ca = await openssl(async (dir, run) => {
    await run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'),
      '-out', join(dir, 'cert.pem'), '-days', '36500', '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  });
  const issue: TestCa['issue'] = (commonName, use) => openssl(async (dir, run) => {
    await writeFile(join(dir, 'ca.pem'), ca.certPem);
    await writeFile(join(dir, 'ca.key'), ca.keyPem);
    const ext = 'server' in use
      ? `subjectAltName=${use.server.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')}\nextendedKeyUsage=serverAuth\n`
      : 'extendedKeyUsage=clientAuth\n';
    await writeFile(join(dir, 'ext.cnf'), ext);
    await run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'),
      '-out', join(dir, 'req.csr'), '-subj', `/CN=${commonName}`]);
    await run(['x509', '-req', '-in', join(dir, 'req.csr'), '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca.key'),
      '-CAcreateserial', '-out', join(dir, 'cert.pem'), '-days', '36500', '-extfile', join(dir, 'ext.cnf')]);
  });
  return { ...ca, issue };
}

async function openssl(make: (dir: string, run: (args: string[]) => Promise<unknown>) => Promise<void>): Promise<TestCert> {
  const dir = await mkdtemp(join(tmpdir(), 'imagebump-cert-'));
  try {
    await make(dir, (args) => promisify(execFile)('openssl', args));
    return { certPem: await readFile(join(dir, 'cert.pem'), 'utf8'), keyPem: await readFile(join(dir, 'key.pem'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

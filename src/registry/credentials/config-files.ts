import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DockerConfigError, parseDockerConfig, type DockerConfig } from './docker-config.js';

export interface ConfigFileSpec {
  path: string;
  /** Named by the user: a missing file is an error. The default location may be absent. */
  required: boolean;
}

/** Docker's own lookup: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function defaultDockerConfig(env: NodeJS.ProcessEnv = process.env): ConfigFileSpec {
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  const dir = env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(home, '.docker');
  return { path: join(dir, 'config.json'), required: false };
}

interface Cached {
  mtimeMs: number;
  size: number;
  config: DockerConfig;
}

/**
 * Docker config files, read when asked and read again when they change: a Kubernetes secret mounted as
 * a file is swapped in place when the secret is rotated, and a long-running daemon should notice.
 */
export class DockerConfigFiles {
  private readonly cache = new Map<string, Cached>();

  constructor(readonly specs: readonly ConfigFileSpec[]) {}

  /** Every readable config, in the order given. Throws DockerConfigError for a bad or missing required file. */
  async load(): Promise<DockerConfig[]> {
    const configs: DockerConfig[] = [];
    for (const spec of this.specs) {
      const config = await this.read(spec);
      if (config !== undefined) configs.push(config);
    }
    return configs;
  }

  private async read(spec: ConfigFileSpec): Promise<DockerConfig | undefined> {
    let info;
    try {
      info = await stat(spec.path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !spec.required) return undefined;
      throw new DockerConfigError(`${spec.path}: cannot read docker config (${code ?? 'error'})`);
    }
    const cached = this.cache.get(spec.path);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.config;
    let text: string;
    try {
      text = await readFile(spec.path, 'utf8');
    } catch (err) {
      throw new DockerConfigError(`${spec.path}: cannot read docker config (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const config = parseDockerConfig(spec.path, text);
    this.cache.set(spec.path, { mtimeMs: info.mtimeMs, size: info.size, config });
    return config;
  }
}

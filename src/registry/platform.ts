/** An OCI platform as images declare it (`os`, `architecture`, optional `variant`). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const PART = /^[a-z0-9][a-z0-9._-]*$/;

/** Spellings other tools print for the same architecture, as `[architecture, implied variant]`. */
const ARCH_ALIASES: Record<string, [string, string | undefined]> = {
  aarch64: ['arm64', undefined],
  x86_64: ['amd64', undefined],
  'x86-64': ['amd64', undefined],
  i386: ['386', undefined],
  armhf: ['arm', 'v7'],
  armel: ['arm', 'v6'],
};

/**
 * Reads `os/architecture[/variant]` as users write it in `spec.platforms` (`linux/amd64`,
 * `linux/arm64/v8`, `linux/arm/v7`). Returns the normalised platform, or why the text is not one.
 */
export function parsePlatform(text: string): Platform | string {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !PART.test(p))) {
    return `"${text}" is not a platform; write os/architecture[/variant], e.g. linux/amd64 or linux/arm/v7`;
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return normalizePlatform({ os, architecture, variant });
}

/**
 * One spelling per platform, so that `arm64`, `arm64/v8` and `aarch64` compare equal, as containerd
 * treats them: arm64's only variant v8 and amd64's baseline v1 are dropped, a bare `arm` means v7,
 * and variants are written with their `v` (`7` → `v7`). Other amd64 levels (v2, v3) stay distinct:
 * a v3 build does not run on a baseline machine.
 */
export function normalizePlatform(platform: Platform): Platform {
  const os = platform.os.toLowerCase();
  const alias = ARCH_ALIASES[platform.architecture.toLowerCase()];
  const architecture = alias?.[0] ?? platform.architecture.toLowerCase();
  let variant = platform.variant?.toLowerCase() || alias?.[1];
  if (variant !== undefined && /^\d+$/.test(variant)) variant = `v${variant}`;
  if (architecture === 'arm64' && variant === 'v8') variant = undefined;
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  if (architecture === 'arm' && variant === undefined) variant = 'v7';
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((p) => p !== undefined).join('/');
}

export function samePlatform(a: Platform, b: Platform): boolean {
  const [x, y] = [normalizePlatform(a), normalizePlatform(b)];
  return x.os === y.os && x.architecture === y.architecture && x.variant === y.variant;
}

/** The wanted platforms an image does not offer; empty when it covers them all. */
export function missingPlatforms(offered: readonly Platform[], wanted: readonly Platform[]): Platform[] {
  return wanted.filter((w) => !offered.some((o) => samePlatform(o, w)));
}

/**
 * Build attestations and signatures ride in image indexes as `unknown/unknown` entries; they are
 * not images anyone runs.
 */
export function isRunnable(platform: Platform | undefined): platform is Platform {
  return platform !== undefined && platform.os !== 'unknown' && platform.architecture !== 'unknown' && platform.os !== '';
}

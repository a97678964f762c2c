export { createRegistryClient, type RegistryClientOptions } from './client.js';
export { type HostStats, type RateLimitInfo } from './host-stats.js';
export { type Credentials } from './settings.js';
export { apiBase, InvalidReferenceError, isValidDigest, isValidTag, parseImageRepo } from './reference.js';
export { MANIFEST_MEDIA_TYPES } from './manifest.js';
export { type ManifestDoc, type IndexEntry } from './manifest-schema.js';
export { type ImageConfig } from './image-config.js';
export { formatPlatform, missingPlatforms, normalizePlatform, parsePlatform, samePlatform, type Platform } from './platform.js';
export { DigestCache, type CacheStats } from './blob-cache.js';
export {
  RegistryError,
  type ImageRepo,
  type ManifestHead,
  type Registry,
  type RegistryClient,
  type RegistryErrorKind,
  type RegistryHostSettings,
  type RegistryStats,
  type TagList,
} from './types.js';

export { createRegistryClient, type RegistryClientOptions } from './client.js';
export { apiBase, InvalidReferenceError, isValidDigest, isValidTag, parseImageRepo } from './reference.js';
export { MANIFEST_MEDIA_TYPES } from './manifest.js';
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

/**
 * Deliveries shaped after each vendor's documented examples (Docker Hub, GitHub webhook schemas,
 * GitLab pipeline events, Harbor, Quay, distribution notifications), with our own names and values.
 */
const digest = `sha256:${'4f'.repeat(32)}`;

export const dockerhubPush = {
  callback_url: 'https://registry.hub.docker.com/u/acme/web/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/',
  push_data: { pushed_at: 1710500000, pusher: 'ci-bot', tag: '1.4.2' },
  repository: {
    comment_count: 0, date_created: 1700000000, description: '', dockerfile: '', full_description: '',
    is_official: false, is_private: true, is_trusted: false, name: 'web', namespace: 'acme', owner: 'acme',
    repo_name: 'acme/web', repo_url: 'https://registry.hub.docker.com/u/acme/web/', star_count: 0, status: 'Active',
  },
};

const owner = { login: 'Acme-Corp', id: 9919, node_id: 'O_kgDOAAAmtw', type: 'Organization', site_admin: false, html_url: 'https://github.com/Acme-Corp' };

export const githubRegistryPackage = {
  action: 'published',
  registry_package: {
    id: 2071296, name: 'web', namespace: 'Acme-Corp', description: '', ecosystem: 'CONTAINER', package_type: 'CONTAINER',
    html_url: 'https://github.com/orgs/Acme-Corp/packages/container/package/web',
    created_at: '2024-03-01T10:00:00Z', updated_at: '2024-03-15T12:30:00Z', owner,
    package_version: {
      id: 186329012, version: digest, name: digest, description: '', summary: '', body: '', body_html: '', manifest: '',
      html_url: 'https://github.com/orgs/Acme-Corp/packages/container/web/186329012', target_commitish: 'main',
      target_oid: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2', created_at: '2024-03-15T12:30:00Z', updated_at: '2024-03-15T12:30:00Z',
      metadata: [], package_files: [], author: owner, installation_command: 'docker pull ghcr.io/acme-corp/web:1.4.2',
      container_metadata: { tag: { name: '1.4.2', digest }, labels: { description: '', source: '', revision: '' }, manifest: {} },
      package_url: 'ghcr.io/acme-corp/web:1.4.2',
    },
    registry: { about_url: 'https://docs.github.com/packages', name: 'GitHub CONTAINER registry', type: 'CONTAINER', url: 'https://ghcr.io/acme-corp', vendor: 'GitHub Inc' },
  },
  repository: { id: 1296269, name: 'web', full_name: 'Acme-Corp/web', private: true, owner },
  organization: { login: 'Acme-Corp', id: 9919 },
  sender: { login: 'ci-bot', id: 583231, type: 'Bot' },
};

export const githubPackage = {
  action: 'published',
  package: {
    id: 2071296, name: 'web%2Fapi', namespace: 'Acme-Corp', description: null, ecosystem: 'CONTAINER', package_type: 'container',
    html_url: 'https://github.com/orgs/Acme-Corp/packages/container/package/web%2Fapi', created_at: '2024-03-01T10:00:00Z',
    updated_at: '2024-03-15T12:30:00Z', owner,
    package_version: {
      id: 186329013, version: digest, name: digest, container_metadata: { tag: { name: 'v2.0.1', digest } },
      package_url: 'ghcr.io/acme-corp/web/api:v2.0.1', installation_command: 'docker pull ghcr.io/acme-corp/web/api:v2.0.1',
    },
    registry: { name: 'GitHub CONTAINER registry', type: 'CONTAINER', url: 'https://ghcr.io/acme-corp', vendor: 'GitHub Inc' },
  },
  repository: { id: 1296269, name: 'web', full_name: 'Acme-Corp/web' },
  sender: { login: 'ci-bot', id: 583231 },
};

export const gitlabPipeline = (status: string) => ({
  object_kind: 'pipeline',
  object_attributes: {
    id: 31, iid: 3, name: 'Pipeline for branch: main', ref: 'main', tag: false, sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
    before_sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2', source: 'push', status, detailed_status: status === 'success' ? 'passed' : status,
    stages: ['build', 'publish'], created_at: '2024-03-15 12:23:28 UTC', finished_at: '2024-03-15 12:26:29 UTC', duration: 63,
    queued_duration: 12, variables: [],
  },
  merge_request: null,
  user: { id: 1, name: 'CI Bot', username: 'ci-bot', avatar_url: null, email: '[REDACTED]' },
  project: {
    id: 1, name: 'Web', description: '', web_url: 'https://gitlab.example.com/acme/web', avatar_url: null,
    git_ssh_url: 'git@gitlab.example.com:acme/web.git', git_http_url: 'https://gitlab.example.com/acme/web.git',
    namespace: 'Acme', visibility_level: 20, path_with_namespace: 'acme/web', default_branch: 'main',
  },
  commit: { id: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2', message: 'release 1.4.2', timestamp: '2024-03-15T12:23:00Z' },
  builds: [],
});

export const harborPush = {
  type: 'PUSH_ARTIFACT',
  occur_at: 1710505893,
  operator: 'robot$ci',
  event_data: {
    resources: [{ digest, tag: '2.1.0', resource_url: 'harbor.example.com/acme/web:2.1.0' }],
    repository: { date_created: 1700005893, name: 'web', namespace: 'acme', repo_full_name: 'acme/web', repo_type: 'private' },
  },
};

export const quayPush = {
  name: 'web',
  repository: 'acme/web',
  namespace: 'acme',
  docker_url: 'quay.io/acme/web',
  homepage: 'https://quay.io/repository/acme/web',
  updated_tags: ['1.4.2', 'latest'],
};

export const distributionEnvelope = (host: string) => ({
  events: [
    {
      id: 'asdf-asdf-asdf-asdf-0', timestamp: '2024-03-15T12:30:00.000Z', action: 'push',
      target: { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: 2765, length: 2765, digest, repository: 'acme/web', url: `https://${host}/v2/acme/web/blobs/${digest}` },
      request: { id: 'asdfasdf', addr: '10.0.0.7:41622', host, method: 'PUT', useragent: 'docker/24.0.7 go/go1.20.10' },
      actor: { name: 'ci-bot' }, source: { addr: 'registry-0:5000', instanceID: '2cf5b3c0' },
    },
    {
      id: 'asdf-asdf-asdf-asdf-1', timestamp: '2024-03-15T12:30:00.100Z', action: 'push',
      target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 528, length: 528, digest, repository: 'acme/web', url: `https://${host}/v2/acme/web/manifests/${digest}`, tag: '1.4.2' },
      request: { id: 'asdfasdf', addr: '10.0.0.7:41622', host, method: 'PUT', useragent: 'docker/24.0.7 go/go1.20.10' },
      actor: { name: 'ci-bot' }, source: { addr: 'registry-0:5000', instanceID: '2cf5b3c0' },
    },
  ],
});

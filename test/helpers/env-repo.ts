/** A small environment repository and its policies, parameterised by the registry host. */
export function policy(name: string, image: string, policyYaml: string, extra = ''): string {
  return `apiVersion: imagebump.dev/v1alpha1
kind: ImagePolicy
metadata:
  name: ${name}
  namespace: apps
spec:
  image: ${image}
  policy:
${policyYaml.replace(/^/gm, '    ')}
${extra}`;
}

export function envRepoFiles(host: string): Record<string, string> {
  return {
    'policies/web.yaml': policy('web', `${host}/acme/web`, 'semver:\n  range: ">=1.0.0 <2.0.0"'),
    'policies/api.yaml': policy('api', `${host}/acme/api`, 'numerical: {}'),
    'apps/web.yaml': `---\n# web\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${host}/acme/web:1.0.0 # {"$imagepolicy": "apps:web"}\n        - name: side\n          image: busybox:1.36\n`,
    'apps/api.yaml': `kind: Deployment\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n        - image: '${host}/acme/api:100' # {"$imagepolicy": "apps:api"}\r\n`,
    'apps/values.yaml': `image:\n  tag: "1.0.0" # {"$imagepolicy": "apps:web:tag"}\n`,
    'README.md': '# env\n',
  };
}

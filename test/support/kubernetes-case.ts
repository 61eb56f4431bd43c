import { stringify } from 'yaml';

/**
 * A Pod manifest with one container named `app`, for rule cases: the
 * container's fields and the pod's spec fields are merged over a minimal pod.
 */
export function podManifest(
  container: Record<string, unknown> = {},
  pod: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'case', namespace: 'test', ...metadata },
    spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0', ...container }], ...pod },
  });
}

import { defineRule } from '../define-rule.js';

/** Splits `registry:5000/team/app:1.2@sha256:…` into its tag and digest. */
export function parseImageReference(reference: string): { tag?: string; digest?: string } {
  const [name = '', digest] = reference.split('@');
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return { ...(colon !== -1 && { tag: lastSegment.slice(colon + 1) }), ...(digest !== undefined && { digest }) };
}

export const imageNotPinned = defineRule({
  id: 'image-not-pinned',
  severity: 'info',
  title: 'Image is not pinned to a digest',
  rationale:
    'A tag is a movable pointer: the image behind latest, or behind any tag, can change between two pulls without anyone reviewing ' +
    'it. Only a digest names one exact image.',
  attack:
    'An attacker who can push to the registry, or a compromised upstream, replaces the image behind a tag; the next restart or ' +
    'scale-out runs their code.',
  remediation: 'Refer to images by digest (name@sha256:…), updated deliberately by a tool such as Renovate or Dependabot.',
  fix: {
    run: 'docker run <image>:<tag>@sha256:<digest>',
    compose: '`image: <image>:<tag>@sha256:<digest>`',
    kubernetes: '`image: <image>:<tag>@sha256:<digest>`',
    quadlet: '`Image=<image>:<tag>@sha256:<digest>`',
  },
  verifyInCluster: "kubectl get pod <pod> -o jsonpath='{.spec.containers[*].image}'",
  verify: "docker inspect -f '{{.Config.Image}}' <container>",
  cis: '5.27',
  references: ['https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier'],
  profiles: ['cis'],
  messages: {
    latest: 'runs image {{image}}, which follows the latest tag',
    tag: 'runs image {{image}} by tag, not by digest',
  },
  check(spec) {
    const image = spec.image;
    // A bare image id (sha256:…) is as immutable as a digest.
    if (image === undefined || image.startsWith('sha256:') || /^[0-9a-f]{64}$/.test(image)) return [];
    const { tag, digest } = parseImageReference(image);
    if (digest !== undefined) return [];
    if (tag === undefined || tag === 'latest') return [{ messageId: 'latest', path: ['image'], data: { image } }];
    return [{ messageId: 'tag', path: ['image'], data: { image } }];
  },
});

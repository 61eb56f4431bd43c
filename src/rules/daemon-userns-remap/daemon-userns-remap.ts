import { defineEngineRule } from '../define-rule.js';

export const daemonUsernsRemap = defineEngineRule({
  id: 'daemon-userns-remap',
  severity: 'low',
  title: 'User-namespace remapping is off on the daemon',
  rationale:
    'Without userns-remap, uid 0 in every container is uid 0 on the host; with it, container root maps to an unprivileged range, so ' +
    'an escape lands as a nobody.',
  attack:
    'An attacker who escapes any root container through a kernel or runtime bug is root on the host, because no remapping stood in ' +
    'between.',
  remediation:
    'Enable "userns-remap": "default" in daemon.json (check volume ownership and features that are incompatible first), or run the ' +
    'engine rootless.',
  fix: {
    run: 'daemon.json: {"userns-remap": "default"}',
    compose: 'not a Compose setting: configure the daemon (daemon.json "userns-remap")',
    kubernetes: { notExpressible: 'a Docker daemon setting; pods opt into user namespaces with `hostUsers: false`' },
    quadlet: { notExpressible: 'an engine setting; a unit takes a user namespace of its own with `UserNS=auto`' },
  },
  verify: "docker info -f '{{.SecurityOptions}}'   # Podman: podman info -f '{{.Host.Security.Rootless}}'",
  references: [
    'https://docs.docker.com/engine/security/userns-remap/',
    'https://docs.podman.io/en/latest/markdown/podman-run.1.html#userns-mode',
  ],
  profiles: ['cis'],
  messages: {
    off: 'the daemon does not remap container users (no userns or rootless in SecurityOptions)',
    podmanRootful:
      "Podman runs as root, so a container's root is the host's root unless the container asks for a user namespace of its own",
  },
  check(facts) {
    if (facts.security.userns !== false || facts.security.rootless === true) return [];
    // Podman has no daemon-wide remapping: it runs rootless, or each container takes a namespace (containers.conf's default).
    if (facts.product === 'podman')
      return [
        {
          messageId: 'podmanRootful',
          path: ['security', 'rootless'],
          fix: 'run Podman rootless, or set userns = "auto" under [containers] in containers.conf (or --userns=auto per container)',
        },
      ];
    return [{ messageId: 'off', path: ['security', 'userns'] }];
  },
});

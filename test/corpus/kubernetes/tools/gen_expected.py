#!/usr/bin/env python3
"""Writes realistic/<name>.expected.yaml. Line numbers are found by walking a list of
substrings in order through the manifest, so they stay right if the manifest is edited."""
import os, sys, yaml

DIR = os.path.join(os.path.dirname(__file__), "..", "realistic")

def locate(fname, pats):
    lines = open(os.path.join(DIR, fname)).read().split("\n")
    i = 0
    for p in pats:
        def hit(l):
            return l.strip() == p[1:] if p.startswith("=") else p in l
        while i < len(lines) and not hit(lines[i]):
            i += 1
        if i >= len(lines):
            sys.exit(f"{fname}: pattern not found: {p!r} (in {pats})")
        last = i
        i += 1
    return last + 1

E = {}
def f(fname, obj, container, rule, pats, note):
    E.setdefault(fname, []).append(dict(object=obj, container=container, rule=rule, line=locate(fname, pats), note=note))

# ---------------- helm-wordpress ----------------
W = "helm-wordpress.yaml"
f(W, "blog/StatefulSet/blog-mariadb", "mariadb", "weak-secret", ["kind: StatefulSet", "name: MARIADB_ROOT_PASSWORD"],
  "MARIADB_ROOT_PASSWORD is the literal \"root\", a well-known default")
f(W, "blog/StatefulSet/blog-mariadb", "mariadb", "env-secret", ["kind: StatefulSet", "name: MARIADB_ROOT_PASSWORD"],
  "root password given as a plain env value instead of secretKeyRef (MARIADB_PASSWORD next to it does use secretKeyRef)")
f(W, "blog/Deployment/blog-wordpress", "prepare-base-dir", "none", ["kind: Deployment", "- name: prepare-base-dir"],
  "hardened init container; DB password via secretKeyRef; SA token not mounted")
f(W, "blog/Deployment/blog-wordpress", "wordpress", "none", ["kind: Deployment", "- name: wordpress"],
  "WORDPRESS_DATABASE_PASSWORD and WORDPRESS_PASSWORD come from secretKeyRef; NetworkPolicy blocks 169.254.169.254/32")

# ---------------- helm-node-exporter ----------------
N = "helm-node-exporter.yaml"
O = "monitoring/DaemonSet/mon-prometheus-node-exporter"
f(N, O, None, "host-network", ["kind: DaemonSet", "hostNetwork: true"], "pod shares the node's network namespace (needed for node metrics, still worth flagging)")
f(N, O, None, "host-pid", ["kind: DaemonSet", "hostPID: true"], "pod shares the node's PID namespace")
f(N, O, "node-exporter", "port-all-interfaces", ["kind: DaemonSet", "hostPort: 9100"], "hostPort 9100 with no hostIP, and the exporter listens on 0.0.0.0 of the node")
f(N, O, "node-exporter", "sensitive-host-mount", ["kind: DaemonSet", "volumes:", "path: /proc"], "host /proc mounted read-only")
f(N, O, "node-exporter", "sensitive-host-mount", ["kind: DaemonSet", "volumes:", "=path: /sys"], "host /sys mounted read-only")
f(N, O, "node-exporter", "sensitive-host-mount", ["kind: DaemonSet", "volumes:", "name: root", "=path: /"], "the node's root filesystem (which holds the runtime sockets) mounted read-only")
f(N, O, "node-exporter", "mount-propagation", ["kind: DaemonSet", "mountPropagation: HostToContainer"], "HostToContainer (rslave) propagation on the / mount")
f(N, O, "node-exporter", "capabilities-not-dropped", ["kind: DaemonSet", "- name: node-exporter"], "securityContext sets no capabilities.drop")

# ---------------- kustomize-orders ----------------
K = "kustomize-orders.yaml"
f(K, "orders/CronJob/orders-api-purge-carts", "purge", "env-secret", ["kind: CronJob", "name: DATABASE_URL"],
  "postgres URL with an inline password (orders:Xq7!vR2m9LpT) in a plain env value")
f(K, "orders/Deployment/orders-api", "orders-api", "none", ["kind: Deployment", "image: ghcr.io/acme/orders-api", "=name: orders-api"],
  "credentials via envFrom secretRef; hardened; token not mounted; egress blocks 169.254.169.254/32")

# ---------------- kubectl-get-pods ----------------
G = "kubectl-get-pods.yaml"
S = "shop/Pod/storefront-6f8b9c7d5-q7wzk"
f(G, S, "storefront", "env-secret", ["=spec:", "name: AWS_ACCESS_KEY_ID"], "AWS access key id AKIA... as a plain env value (the managedFields entry k:{\"name\":\"AWS_ACCESS_KEY_ID\"} is not a finding)")
f(G, S, "storefront", "env-secret", ["=spec:", "name: AWS_SECRET_ACCESS_KEY"], "AWS secret access key as a plain env value")
f(G, S, "storefront", "no-new-privileges", ["=spec:", "=containers:", "=name: storefront"], "allowPrivilegeEscalation not set to false (securityContext only has privileged: false)")
f(G, S, "storefront", "capabilities-not-dropped", ["=spec:", "=containers:", "=name: storefront"], "no capabilities.drop")
f(G, S, None, "service-account-token", ["=spec:", "=volumes:", "name: kube-api-access-8xq2n", "serviceAccountToken:"],
  "default SA token projected into a web storefront that talks to S3, not the Kubernetes API")
D = "shop/Pod/netdebug"
f(G, D, None, "host-network", ["name: netdebug", "hostNetwork: true"], "debug pod on the node's network namespace")
f(G, D, "netdebug", "dangerous-capability", ["name: netdebug", "- NET_ADMIN"], "NET_ADMIN in the host network namespace (hostNetwork) - can reconfigure node networking")
f(G, D, "netdebug", "net-raw", ["name: netdebug", "- NET_RAW"], "NET_RAW explicitly added")
f(G, D, "netdebug", "no-new-privileges", ["=name: netdebug", "=containers:", "=name: netdebug"], "allowPrivilegeEscalation not set")
f(G, D, "netdebug", "capabilities-not-dropped", ["=name: netdebug", "=containers:", "=name: netdebug"], "no capabilities.drop")
f(G, D, "netdebug", "root-user", ["=name: netdebug", "=containers:", "=name: netdebug"], "no runAsUser/runAsNonRoot and nicolaka/netshoot runs as root")
f(G, D, None, "service-account-token", ["name: netdebug", "name: kube-api-access-r4m7t", "serviceAccountToken:"], "default SA token mounted into a network debug shell that does not need the API")
f(G, "shop/Pod/image-sync-29412180-8vd6c", "sync", "none", ["name: image-sync-29412180-8vd6c", "name: sync"], "AWS keys via secretKeyRef, token not mounted, hardened")

# ---------------- fluentd ----------------
FL = "fluentd-daemonset.yaml"
O = "logging/DaemonSet/fluentd"
f(FL, O, "fluentd", "weak-secret", ["kind: DaemonSet", "name: FLUENT_ELASTICSEARCH_PASSWORD"], "elastic/changeme, the Elasticsearch default credentials")
f(FL, O, "fluentd", "env-secret", ["kind: DaemonSet", "name: FLUENT_ELASTICSEARCH_PASSWORD"], "password as a plain env value")
f(FL, O, "fluentd", "root-user", ["kind: DaemonSet", "runAsUser: 0"], "explicit runAsUser: 0")
f(FL, O, "fluentd", "no-new-privileges", ["kind: DaemonSet", "- name: fluentd"], "allowPrivilegeEscalation not set")
f(FL, O, "fluentd", "capabilities-not-dropped", ["kind: DaemonSet", "- name: fluentd"], "no capabilities.drop")
f(FL, O, "fluentd", "sensitive-host-mount", ["kind: DaemonSet", "volumes:", "path: /var/log"], "host /var/log mounted read-write")
f(FL, O, "fluentd", "sensitive-host-mount", ["kind: DaemonSet", "volumes:", "path: /var/lib/docker/containers"], "Docker's container directory (logs and config.v2.json with every container's env) read-only")

# ---------------- calico ----------------
C = "calico-node.yaml"
O = "kube-system/DaemonSet/calico-node"
f(C, O, None, "host-network", ["kind: DaemonSet", "hostNetwork: true"], "CNI agent on the host network (expected for a CNI, still flagged)")
for ctr in ("install-cni", "mount-bpffs", "calico-node"):
    f(C, O, ctr, "privileged", ["kind: DaemonSet", "- name: " + ctr, "privileged: true"], "privileged container")
    f(C, O, ctr, "root-user", ["kind: DaemonSet", "- name: " + ctr], "no runAsUser/runAsNonRoot; calico images run as root")
f(C, O, "mount-bpffs", "mount-propagation", ["- name: mount-bpffs", "mountPath: /sys/fs", "mountPropagation: Bidirectional"], "Bidirectional (rshared) propagation of host /sys/fs")
f(C, O, "mount-bpffs", "mount-propagation", ["- name: mount-bpffs", "mountPath: /var/run/calico", "mountPropagation: Bidirectional"], "Bidirectional (rshared) propagation of /var/run/calico")
f(C, O, "mount-bpffs", "sensitive-host-mount", ["volumes:", "name: sys-fs", "path: /sys/fs/"], "host /sys/fs read-write")
f(C, O, "mount-bpffs", "sensitive-host-mount", ["volumes:", "name: nodeproc", "path: /proc"], "host /proc (read-only)")
f(C, O, "calico-node", "sensitive-host-mount", ["volumes:", "name: lib-modules", "path: /lib/modules"], "host kernel modules (read-only)")
f(C, O, "calico-node", "sensitive-host-mount", ["volumes:", "name: bpffs", "path: /sys/fs/bpf"], "host BPF filesystem read-write")
f(C, O, "calico-node", "sensitive-host-mount", ["volumes:", "name: cni-net-dir", "path: /etc/cni/net.d"], "host CNI config read-write")
f(C, O, "install-cni", "sensitive-host-mount", ["volumes:", "name: cni-net-dir", "path: /etc/cni/net.d"], "host CNI config read-write")
f(C, O, "install-cni", "sensitive-host-mount", ["volumes:", "name: cni-bin-dir", "path: /opt/cni/bin"], "host CNI binaries (executed by the runtime as root) read-write")

# ---------------- datadog ----------------
DD = "datadog-agent.yaml"
O = "datadog/DaemonSet/dd-datadog"
f(DD, O, None, "host-pid", ["kind: DaemonSet", "hostPID: true"], "agent sees every process on the node")
for ctr in ("agent", "system-probe", "trace-agent"):
    f(DD, O, ctr, "root-user", ["kind: DaemonSet", "runAsUser: 0"], "pod-level runAsUser: 0 applies to " + ctr)
    f(DD, O, ctr, "no-new-privileges", ["kind: DaemonSet", "- name: " + ctr], "allowPrivilegeEscalation not set")
    f(DD, O, ctr, "capabilities-not-dropped", ["kind: DaemonSet", "- name: " + ctr], "no capabilities.drop")
f(DD, O, "system-probe", "apparmor-unconfined", ["container.apparmor.security.beta.kubernetes.io/system-probe"], "AppArmor annotation unconfined for system-probe")
f(DD, O, "system-probe", "dangerous-capability", ["- name: system-probe", "add: ["], "adds SYS_ADMIN, SYS_PTRACE (with hostPID), DAC_READ_SEARCH and NET_ADMIN")
f(DD, O, "system-probe", "capability-added", ["- name: system-probe", "add: ["], "adds SYS_RESOURCE, IPC_LOCK and NET_BROADCAST beyond the default set")
f(DD, O, "system-probe", "net-raw", ["- name: system-probe", "add: ["], "NET_RAW explicitly added")
f(DD, O, "agent", "port-all-interfaces", ["- name: agent", "hostPort: 8125"], "DogStatsD hostPort 8125/UDP with no hostIP")
f(DD, O, "trace-agent", "port-all-interfaces", ["- name: trace-agent", "hostPort: 8126"], "APM hostPort 8126 with no hostIP")
f(DD, O, "trace-agent", "docker-socket-mount", ["volumes:", "name: containerdsocket", "path: /var/run/containerd/containerd.sock"], "containerd socket (type Socket) - readOnly does not restrict API calls")
f(DD, O, "agent", "sensitive-host-mount", ["volumes:", "name: runtimesocketdir", "path: /var/run"], "host /var/run, which holds the containerd/docker sockets")
f(DD, O, "system-probe", "sensitive-host-mount", ["volumes:", "name: runtimesocketdir", "path: /var/run"], "host /var/run, which holds the containerd/docker sockets")
f(DD, O, "agent", "sensitive-host-mount", ["volumes:", "name: procdir", "path: /proc"], "host /proc (read-only)")
f(DD, O, "system-probe", "sensitive-host-mount", ["volumes:", "name: procdir", "path: /proc"], "host /proc (read-only)")
f(DD, O, "agent", "sensitive-host-mount", ["volumes:", "name: cgroups", "path: /sys/fs/cgroup"], "host cgroup tree (read-only)")
f(DD, O, "agent", "sensitive-host-mount", ["volumes:", "name: logpodpath", "path: /var/log/pods"], "all pods' logs (read-only)")
f(DD, O, "system-probe", "sensitive-host-mount", ["volumes:", "name: debugfs", "path: /sys/kernel/debug"], "host debugfs read-write")

# ---------------- pg-backup ----------------
P = "cronjob-pg-backup.yaml"
O = "db/CronJob/pg-backup"
f(P, O, "dump", "command-secret", ["- name: dump", "pg_dump \"postgresql://backup:"], "database password inline in the pg_dump connection URI in the command")
f(P, O, "dump", "root-user", ["- name: dump"], "no runAsUser; postgres:16.4 image runs as root unless told otherwise")
f(P, O, "dump", "no-new-privileges", ["- name: dump"], "allowPrivilegeEscalation not set")
f(P, O, "dump", "capabilities-not-dropped", ["- name: dump"], "no capabilities.drop")
f(P, O, None, "service-account-token", ["kind: CronJob", "serviceAccountName: pg-backup"], "SA token auto-mounted (neither pod nor ServiceAccount sets automountServiceAccountToken: false) into a pg_dump/S3 job")
f(P, O, "upload", "none", ["- name: upload"], "AWS keys via secretKeyRef; non-root; caps dropped")

# ---------------- node-shell ----------------
NS = "node-shell-pod.yaml"
O = "default/Pod/nsenter-k3x9q2"
f(NS, O, None, "host-pid", ["hostPID: true"], "host PID namespace (nsenter -t 1)")
f(NS, O, None, "host-network", ["hostNetwork: true"], "host network namespace")
f(NS, O, None, "host-ipc", ["hostIPC: true"], "host IPC namespace")
f(NS, O, "shell", "privileged", ["privileged: true"], "privileged root shell on the node")
f(NS, O, "shell", "root-user", ["- name: shell"], "alpine runs as root; no runAsUser")
f(NS, O, None, "service-account-token", ["containers:"], "default SA token auto-mounted into a node shell")

# ---------------- ingress-nginx ----------------
I = "helm-ingress-nginx.yaml"
f(I, "ingress/Deployment/edge-ingress-nginx-controller", "controller", "no-new-privileges", ["kind: Deployment", "allowPrivilegeEscalation: true"], "allowPrivilegeEscalation: true (older chart default)")
f(I, "ingress/Job/edge-ingress-nginx-admission-create", "create", "none", ["kind: Job", "- name: create"], "hardened; needs the API to create the webhook secret")

# ---------------- CRD + operator ----------------
CR = "crd-backup-operator.yaml"
f(CR, "backup-system/Deployment/backup-operator", "manager", "none", ["kind: Deployment", "- name: manager"],
  "hardened operator that needs the API; the CRD schema's privileged/hostNetwork/hostPath/capabilities properties and the BackupJob's RESTIC_PASSWORD placeholder are not workload settings")

# ---------------- spring ----------------
SP = "spring-app-secrets.yaml"
O = "billing/Deployment/billing-service"
f(SP, O, "billing", "command-secret", ["--spring.datasource.password="], "datasource password in container args")
f(SP, O, "billing", "env-secret", ["name: JAVA_TOOL_OPTIONS"], "-Djavax.net.ssl.keyStorePassword=... inside JAVA_TOOL_OPTIONS")
f(SP, O, "billing", "env-secret", ["name: STRIPE_API_KEY"], "live Stripe secret key (sk_live_...) as a plain env value; STRIPE_WEBHOOK_SECRET uses secretKeyRef and SMTP_PASSWORD_FILE is only a path")

# ---------------- networkpolicies ----------------
NP = "networkpolicies-tenants.yaml"
f(NP, "team-beta/Deployment/quotes", "quotes", "metadata-api-exposure", ["name: egress-allow-all", "cidr: 0.0.0.0/0"],
  "team-beta's egress policy allows 0.0.0.0/0 with no except for 169.254.169.254/32 (line is the NetworkPolicy's cidr)")
f(NP, "team-alpha/Deployment/pricing", "pricing", "none", ["name: pricing", "- name: pricing"], "team-alpha egress excludes 169.254.169.254/32; hardened")

# ---------------- gpu ----------------
GP = "gpu-device-plugin.yaml"
O = "kube-system/DaemonSet/nvidia-device-plugin-daemonset"
f(GP, O, "nvidia-device-plugin-ctr", "sensitive-host-mount", ["volumes:", "path: /var/lib/kubelet/device-plugins"],
  "kubelet device-plugin directory (holds kubelet.sock) read-write; expected for a device plugin, medium at most")
f(GP, O, "nvidia-device-plugin-ctr", "root-user", ["name: nvidia-device-plugin-ctr"], "no runAsUser/runAsNonRoot; the plugin image runs as root")
f(GP, O, None, "service-account-token", ["kind: DaemonSet", "containers:"], "default SA token auto-mounted; the plugin talks to the kubelet socket, not the API")
f(GP, "ml/Pod/legacy-cuda-bench", "bench", "host-device", ["name: legacy-cuda-bench", "path: /dev/nvidia0"], "GPU device node via hostPath CharDevice instead of the device plugin")
f(GP, "ml/Pod/legacy-cuda-bench", "bench", "host-device", ["name: legacy-cuda-bench", "path: /dev/nvidiactl"], "GPU control device via hostPath CharDevice")
f(GP, "ml/Pod/cuda-vectoradd", "cuda-vectoradd", "none", ["name: cuda-vectoradd", "- name: cuda-vectoradd"], "GPU via nvidia.com/gpu resource; hardened")

# ---------------- redis ----------------
R = "helm-redis.yaml"
O = "cache/StatefulSet/sessions-redis-master"
f(R, O, None, "unsafe-sysctl", ["kind: StatefulSet", "name: net.core.somaxconn"], "net.core.somaxconn is outside the safe set (pod-level sysctl, applies to the pod's own netns)")
f(R, O, "init-sysctl", "privileged", ["- name: init-sysctl", "privileged: true"], "privileged init container to set vm.overcommit_memory and THP")
f(R, O, "init-sysctl", "root-user", ["- name: init-sysctl", "runAsUser: 0"], "explicit runAsUser: 0")
f(R, O, "init-sysctl", "sensitive-host-mount", ["volumes:", "path: /sys"], "host /sys mounted read-write")
f(R, O, "metrics", "command-secret", ["--redis.password=redis"], "redis password literal in the exporter command")
f(R, O, "metrics", "weak-secret", ["--redis.password=redis"], "password \"redis\" is a well-known default")
f(R, O, "redis", "none", ["- name: redis", "- name: redis"], "password via secretKeyRef; `redis-cli -a \"$REDIS_PASSWORD\"` expands an env var, it is not a literal; the ServiceAccount defined later sets automount false")

# ---------------- jenkins ----------------
J = "jenkins-agent-podtemplate.yaml"
O = "ci/PodTemplate/jenkins-agent-docker"
f(J, O, "jnlp", "env-secret", ["name: GITHUB_TOKEN"], "GitHub personal access token (ghp_...) as a plain env value")
f(J, O, "docker", "docker-socket-mount", ["name: jenkins-agent-docker", "path: /var/run/docker.sock"], "host Docker socket (type Socket) = root on the node")
f(J, O, "docker", "root-user", ["name: jenkins-agent-docker", "- name: docker"], "docker:cli runs as root; no runAsUser")
f(J, O, "docker", "no-new-privileges", ["name: jenkins-agent-docker", "- name: docker"], "allowPrivilegeEscalation not set")
f(J, O, "docker", "capabilities-not-dropped", ["name: jenkins-agent-docker", "- name: docker"], "no capabilities.drop")
O = "ci/PodTemplate/jenkins-agent-dind"
f(J, O, "dind", "privileged", ["name: jenkins-agent-dind", "privileged: true"], "privileged Docker-in-Docker")
f(J, O, "dind", "root-user", ["name: jenkins-agent-dind", "- name: dind"], "docker:dind runs as root")
f(J, O, "jnlp", "none", ["name: jenkins-agent-dind", "- name: jnlp"], "non-root, caps dropped, no secrets")

def main():
    for fname, items in E.items():
        out = os.path.join(DIR, fname[:-5] + ".expected.yaml")
        with open(out, "w") as fh:
            fh.write(f"# Findings a careful reviewer would raise in {fname}. See ../README.md for the conventions.\n")
            fh.write(yaml.safe_dump(items, sort_keys=False, width=200, allow_unicode=True))
    print(len(E), "expected files,", sum(len(v) for v in E.values()), "entries")

main()

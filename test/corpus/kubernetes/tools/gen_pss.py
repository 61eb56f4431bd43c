#!/usr/bin/env python3
"""Generates /work/k8s-corpus/pss/*.yaml. Each case is one manifest; verdicts are hand-decided."""
import copy, os, yaml

OUT = os.path.join(os.path.dirname(__file__), "..", "pss")

class D(yaml.SafeDumper):
    pass
def _str(d, s):
    style = '"' if s in ("", "true", "false", "0") or s.replace(".", "").isdigit() else None
    return d.represent_scalar("tag:yaml.org,2002:str", s, style=style)
D.add_representer(str, _str)

PSC = {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}   # hardened pod-level
CSC = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}  # hardened container-level

def psc(**kw):
    d = copy.deepcopy(PSC); d.update(kw); return d
def csc(**kw):
    d = copy.deepcopy(CSC); d.update(kw); return d

def c(name, image, sc="H", ports=None, **extra):
    d = {"name": name, "image": image}
    d.update(extra)
    if ports: d["ports"] = ports
    if sc == "H": d["securityContext"] = copy.deepcopy(CSC)
    elif sc is not None: d["securityContext"] = sc
    d.setdefault("resources", {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}})
    return d

def spec(containers, sc="H", init=None, volumes=None, **extra):
    d = {}
    if sc == "H": d["securityContext"] = copy.deepcopy(PSC)
    elif sc is not None: d["securityContext"] = sc
    d.update(extra)
    if init: d["initContainers"] = init
    d["containers"] = containers
    if volumes: d["volumes"] = volumes
    return d

def wrap(kind, name, ns, podspec, ann=None):
    labels = {"app.kubernetes.io/name": name}
    tmeta = {"labels": dict(labels)}
    if ann: tmeta["annotations"] = ann
    if kind == "Pod":
        meta = {"name": name, "namespace": ns, "labels": labels}
        if ann: meta["annotations"] = ann
        return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": podspec}
    meta = {"name": name, "namespace": ns, "labels": dict(labels)}
    tpl = {"metadata": tmeta, "spec": podspec}
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"):
        s = {}
        if kind != "DaemonSet": s["replicas"] = 2
        if kind == "StatefulSet": s["serviceName"] = name
        s["selector"] = {"matchLabels": dict(labels)}
        s["template"] = tpl
        return {"apiVersion": "apps/v1", "kind": kind, "metadata": meta, "spec": s}
    if kind == "ReplicationController":
        return {"apiVersion": "v1", "kind": kind, "metadata": meta,
                "spec": {"replicas": 1, "selector": dict(labels), "template": tpl}}
    if kind == "PodTemplate":
        return {"apiVersion": "v1", "kind": kind, "metadata": meta, "template": tpl}
    podspec.setdefault("restartPolicy", "OnFailure")
    if kind == "Job":
        return {"apiVersion": "batch/v1", "kind": kind, "metadata": meta,
                "spec": {"backoffLimit": 2, "template": tpl}}
    if kind == "CronJob":
        return {"apiVersion": "batch/v1", "kind": kind, "metadata": meta,
                "spec": {"schedule": "17 3 * * *", "concurrencyPolicy": "Forbid",
                         "jobTemplate": {"spec": {"backoffLimit": 1, "template": tpl}}}}
    raise ValueError(kind)

CASES = []
def case(fname, control, b, r, why, kind, name, podspec, ns="apps", ann=None):
    CASES.append((fname, control, b, r, why, kind, name, ns, podspec, ann))

A, F = "allowed", "forbidden"
NGINX = "nginxinc/nginx-unprivileged:1.27-alpine"
API = "ghcr.io/acme/orders-api:2.14.3"
WORKER = "ghcr.io/acme/report-worker:1.8.0"
BUSY = "busybox:1.36"
WEB = [{"containerPort": 8080, "name": "http"}]

# ---------------- privileged ----------------
case("privileged-forbidden-container", "privileged", F, F,
     "check_privileged forbids securityContext.privileged=true on any container.",
     "Deployment", "legacy-scanner",
     spec([c("scanner", "ghcr.io/acme/legacy-scanner:0.9", sc={"privileged": True})], sc=None))
case("privileged-forbidden-initcontainer", "privileged", F, F,
     "check_privileged visits initContainers too; a privileged init container fails even though the main container is hardened.",
     "StatefulSet", "elasticsearch",
     spec([c("elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch:8.15.1", ports=[{"containerPort": 9200}])],
          init=[c("sysctl-vm-max-map", BUSY, sc={"privileged": True, "runAsUser": 0, "runAsNonRoot": False},
                  command=["sysctl", "-w", "vm.max_map_count=262144"])]), ns="search")
case("privileged-forbidden-ephemeral", "privileged", F, F,
     "check_privileged visits ephemeralContainers (visitContainers includes them); a privileged debug container fails the pod.",
     "Pod", "orders-api-7d9f8-xk2lp",
     spec([c("orders-api", API, ports=WEB)],
          ephemeralContainers=[{"name": "debugger-r2x9", "image": "nicolaka/netshoot:v0.13", "targetContainerName": "orders-api",
                                "stdin": True, "tty": True, "securityContext": {"privileged": True}}]))
case("privileged-allowed-explicit-false", "privileged", A, A,
     "privileged=false is an allowed value of check_privileged, and the pod meets every restricted control.",
     "Pod", "static-site",
     spec([c("nginx", NGINX, ports=WEB, sc=csc(privileged=False))]), ns="web")
case("privileged-allowed-unset-defaults", "privileged", A, F,
     "privileged unset passes check_privileged; restricted fails because allowPrivilegeEscalation, runAsNonRoot, seccomp and drop ALL are not set.",
     "Deployment", "guestbook",
     spec([c("php-redis", "registry.k8s.io/guestbook:v3", sc=None, ports=[{"containerPort": 80}])], sc=None), ns="default")

# ---------------- hostNamespaces ----------------
case("hostNamespaces-forbidden-hostnetwork", "hostNamespaces", F, F,
     "check_hostNamespaces forbids spec.hostNetwork=true.",
     "DaemonSet", "node-local-dns",
     spec([c("node-cache", "registry.k8s.io/dns/k8s-dns-node-cache:1.23.1", sc=None,
             args=["-localip", "169.254.20.10", "-conf", "/etc/Corefile"])], sc=None,
          hostNetwork=True, dnsPolicy="Default", priorityClassName="system-node-critical"), ns="kube-system")
case("hostNamespaces-forbidden-hostpid", "hostNamespaces", F, F,
     "check_hostNamespaces forbids spec.hostPID=true even when every container is otherwise hardened.",
     "Pod", "proc-inspector",
     spec([c("inspector", "ghcr.io/acme/proc-inspector:0.3.1")], hostPID=True), ns="ops")
case("hostNamespaces-forbidden-hostipc", "hostNamespaces", F, F,
     "check_hostNamespaces forbids spec.hostIPC=true.",
     "Job", "shm-benchmark",
     spec([c("bench", "ghcr.io/acme/shm-bench:1.0.2", command=["/bench", "--size=512M"])], hostIPC=True), ns="perf")
case("hostNamespaces-allowed-explicit-false", "hostNamespaces", A, A,
     "hostNetwork/hostPID/hostIPC=false are allowed values; the pod is fully restricted-compliant.",
     "Deployment", "orders-api",
     spec([c("orders-api", API, ports=WEB)], hostNetwork=False, hostPID=False, hostIPC=False))
case("hostNamespaces-allowed-shareprocessnamespace", "hostNamespaces", A, A,
     "shareProcessNamespace shares the PID namespace between the pod's own containers, not the host's; check_hostNamespaces only reads hostNetwork/hostPID/hostIPC.",
     "Pod", "app-with-profiler",
     spec([c("app", API, ports=WEB), c("profiler", "ghcr.io/acme/pprof-sidecar:0.4.0")], shareProcessNamespace=True))

# ---------------- hostPathVolumes ----------------
hp_varlog = [{"name": "varlog", "hostPath": {"path": "/var/log", "type": "Directory"}}]
case("hostPathVolumes-forbidden-varlog", "hostPathVolumes", F, F,
     "check_hostPathVolumes forbids any spec.volumes[*].hostPath; restrictedVolumes (which overrides it) forbids it too.",
     "DaemonSet", "log-shipper",
     spec([c("shipper", "fluent/fluent-bit:3.1.9", volumeMounts=[{"name": "varlog", "mountPath": "/var/log", "readOnly": True}])],
          volumes=hp_varlog), ns="logging")
case("hostPathVolumes-forbidden-readonly-mount", "hostPathVolumes", F, F,
     "A readOnly volumeMount does not make a hostPath volume acceptable; check_hostPathVolumes only looks at the volume source.",
     "Deployment", "cert-reader",
     spec([c("reader", "ghcr.io/acme/cert-reader:1.1.0", volumeMounts=[{"name": "host-certs", "mountPath": "/etc/ssl/certs", "readOnly": True}])],
          volumes=[{"name": "host-certs", "hostPath": {"path": "/etc/ssl/certs"}}]))
case("hostPathVolumes-forbidden-unmounted", "hostPathVolumes", F, F,
     "check_hostPathVolumes inspects spec.volumes, so a declared hostPath volume fails even if no container mounts it.",
     "ReplicaSet", "orders-api-5c8d7b",
     spec([c("orders-api", API, ports=WEB)], volumes=[{"name": "docker-sock", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}}]))
case("hostPathVolumes-allowed-emptydir-pvc", "hostPathVolumes", A, F,
     "emptyDir and persistentVolumeClaim are not hostPath, so baseline passes; restricted fails because the container sets no restricted securityContext.",
     "StatefulSet", "redis",
     spec([c("redis", "redis:7.4-alpine", sc=None, ports=[{"containerPort": 6379}],
             volumeMounts=[{"name": "data", "mountPath": "/data"}, {"name": "tmp", "mountPath": "/tmp"}])], sc=None,
          volumes=[{"name": "tmp", "emptyDir": {}}, {"name": "data", "persistentVolumeClaim": {"claimName": "redis-data"}}]), ns="cache")

# ---------------- hostPorts ----------------
case("hostPorts-forbidden-8080", "hostPorts", F, F,
     "check_hostPorts forbids any non-zero containers[*].ports[*].hostPort.",
     "Deployment", "ingress-edge",
     spec([c("nginx", NGINX, ports=[{"containerPort": 8080, "hostPort": 8080, "protocol": "TCP"}])]), ns="ingress")
case("hostPorts-forbidden-initcontainer", "hostPorts", F, F,
     "check_hostPorts visits initContainers; a hostPort on an init container fails the pod.",
     "Pod", "bootstrap-peer",
     spec([c("app", API, ports=WEB)],
          init=[c("announce", BUSY, command=["sh", "-c", "nc -l -p 9000 -w 5 || true"], ports=[{"containerPort": 9000, "hostPort": 9000}])]))
case("hostPorts-forbidden-udp-dns", "hostPorts", F, F,
     "hostPort 53/UDP is a non-zero hostPort and is forbidden regardless of protocol.",
     "DaemonSet", "dns-forwarder",
     spec([c("coredns", "coredns/coredns:1.11.3", args=["-conf", "/etc/coredns/Corefile"],
             ports=[{"containerPort": 1053, "hostPort": 53, "protocol": "UDP", "name": "dns"}])]), ns="kube-system")
case("hostPorts-allowed-zero", "hostPorts", A, A,
     "hostPort: 0 is an allowed value in check_hostPorts (treated as unset); the pod is otherwise restricted-compliant.",
     "Deployment", "catalog",
     spec([c("catalog", "ghcr.io/acme/catalog:3.2.0", ports=[{"containerPort": 8080, "hostPort": 0, "name": "http"}])]))
case("hostPorts-allowed-containerport-only", "hostPorts", A, A,
     "containerPort without hostPort does not publish on the node; restricted-compliant.",
     "ReplicationController", "legacy-frontend",
     spec([c("frontend", "ghcr.io/acme/legacy-frontend:5.0.1", ports=[{"containerPort": 8443, "name": "https"}])]), ns="web")

# ---------------- capabilities_baseline ----------------
case("capabilities_baseline-allowed-add-chown", "capabilities_baseline", A, F,
     "CHOWN is in the baseline add allow-list of check_capabilities_baseline; restricted fails (no drop ALL, CHOWN is not NET_BIND_SERVICE, no runAsNonRoot/seccomp/allowPrivilegeEscalation).",
     "Deployment", "media-ingest",
     spec([c("ingest", "ghcr.io/acme/media-ingest:0.12.0", sc={"capabilities": {"add": ["CHOWN"]}})], sc=None))
case("capabilities_baseline-allowed-full-default-set", "capabilities_baseline", A, F,
     "All 13 capabilities of the baseline allow-list may be added under baseline; capabilities_restricted forbids every add except NET_BIND_SERVICE.",
     "Deployment", "legacy-ftp",
     spec([c("vsftpd", "ghcr.io/acme/vsftpd:3.0.5", ports=[{"containerPort": 21}],
             sc=csc(capabilities={"drop": ["ALL"], "add": ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
                                                           "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]}))]))
case("capabilities_baseline-forbidden-net-admin", "capabilities_baseline", F, F,
     "NET_ADMIN is not in the baseline add allow-list.",
     "DaemonSet", "wireguard-gw",
     spec([c("wireguard", "linuxserver/wireguard:1.0.20210914", sc={"capabilities": {"add": ["NET_ADMIN"]}})], sc=None), ns="vpn")
case("capabilities_baseline-forbidden-sys-admin-init", "capabilities_baseline", F, F,
     "check_capabilities_baseline visits init containers; SYS_ADMIN is not in the allow-list.",
     "StatefulSet", "fuse-mounter",
     spec([c("app", WORKER)], init=[c("mount-s3", "ghcr.io/acme/s3fs-init:1.94", sc=csc(capabilities={"drop": ["ALL"], "add": ["SYS_ADMIN"]}))]))
case("capabilities_baseline-forbidden-net-raw", "capabilities_baseline", F, F,
     "NET_RAW is in Docker's default set but not in the PSS baseline add allow-list, so adding it explicitly is forbidden.",
     "Pod", "pinger",
     spec([c("ping", BUSY, command=["ping", "10.0.0.1"], sc=csc(capabilities={"drop": ["ALL"], "add": ["NET_RAW"]}))]), ns="ops")
case("capabilities_baseline-forbidden-cap-prefix", "capabilities_baseline", F, F,
     "check_capabilities_baseline compares names literally; \"CAP_CHOWN\" is not in the allow-list (which spells CHOWN), so it is forbidden.",
     "Deployment", "uploader",
     spec([c("uploader", "ghcr.io/acme/uploader:2.0.0", sc=csc(capabilities={"drop": ["ALL"], "add": ["CAP_CHOWN"]}))]))

# ---------------- capabilities_restricted ----------------
case("capabilities_restricted-allowed-net-bind-service", "capabilities_restricted", A, A,
     "capabilities_restricted allows drop [ALL] with add [NET_BIND_SERVICE] only.",
     "Deployment", "edge-proxy",
     spec([c("envoy", "envoyproxy/envoy:v1.31.2", ports=[{"containerPort": 443}],
             sc=csc(capabilities={"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}))]), ns="ingress")
case("capabilities_restricted-forbidden-add-chown", "capabilities_restricted", A, F,
     "CHOWN passes baseline, but capabilities_restricted allows only NET_BIND_SERVICE in add.",
     "Deployment", "edge-proxy-chown",
     spec([c("envoy", "envoyproxy/envoy:v1.31.2", ports=[{"containerPort": 8443}],
             sc=csc(capabilities={"drop": ["ALL"], "add": ["CHOWN"]}))]), ns="ingress")
case("capabilities_restricted-forbidden-drop-lowercase-all", "capabilities_restricted", A, F,
     "capabilities_restricted compares drop entries with the literal \"ALL\"; lowercase \"all\" does not satisfy it (runtimes may accept it, PSA does not).",
     "Job", "db-migrate",
     spec([c("migrate", "ghcr.io/acme/orders-migrations:2.14.3", command=["/migrate", "up"],
             sc=csc(capabilities={"drop": ["all"]}))]))
case("capabilities_restricted-forbidden-drop-list-without-all", "capabilities_restricted", A, F,
     "Dropping a long list of individual capabilities is not drop [ALL]; capabilities_restricted requires ALL.",
     "Deployment", "payments",
     spec([c("payments", "ghcr.io/acme/payments:4.1.0", ports=WEB,
             sc=csc(capabilities={"drop": ["NET_RAW", "SYS_ADMIN", "SYS_PTRACE", "MKNOD", "SETUID", "SETGID"]}))]), ns="payments")
case("capabilities_restricted-forbidden-no-capabilities-field", "capabilities_restricted", A, F,
     "A container with a securityContext but no capabilities field is flagged by capabilities_restricted (missing drop ALL).",
     "StatefulSet", "zookeeper",
     spec([c("zookeeper", "zookeeper:3.9.2", ports=[{"containerPort": 2181}], sc={"allowPrivilegeEscalation": False})]), ns="kafka")
case("capabilities_restricted-forbidden-sidecar-missing-drop", "capabilities_restricted", A, F,
     "Native sidecars (initContainers with restartPolicy Always) get no exemption; the sidecar lacks drop [ALL].",
     "Deployment", "orders-api-with-proxy",
     spec([c("orders-api", API, ports=WEB)],
          init=[c("cloud-sql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.13.0", restartPolicy="Always",
                  args=["--port=5432", "acme-prod:europe-west1:orders"], sc={"allowPrivilegeEscalation": False})]))
case("capabilities_restricted-allowed-windows-pod", "capabilities_restricted", A, A,
     "From policy v1.25, pods with spec.os.name=windows are exempt from capabilities_restricted, seccompProfile_restricted and allowPrivilegeEscalation; runAsNonRoot is still required and set.",
     "Deployment", "iis-site",
     spec([c("iis", "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022", sc=None, ports=[{"containerPort": 80}])],
          sc={"runAsNonRoot": True, "windowsOptions": {"runAsUserName": "ContainerUser"}},
          os={"name": "windows"}, nodeSelector={"kubernetes.io/os": "windows"}), ns="win")

# ---------------- allowPrivilegeEscalation ----------------
case("allowPrivilegeEscalation-allowed-false", "allowPrivilegeEscalation", A, A,
     "allowPrivilegeEscalation=false on every container satisfies the restricted check; all other restricted controls are met.",
     "CronJob", "nightly-report",
     spec([c("report", WORKER, command=["/worker", "nightly"])]), ns="reports")
case("allowPrivilegeEscalation-forbidden-unset", "allowPrivilegeEscalation", A, F,
     "allowPrivilegeEscalation must be explicitly false; unset counts as a violation (the kernel default is to allow).",
     "CronJob", "nightly-report-unset",
     spec([c("report", WORKER, command=["/worker", "nightly"], sc={"capabilities": {"drop": ["ALL"]}})]), ns="reports")
case("allowPrivilegeEscalation-forbidden-true", "allowPrivilegeEscalation", A, F,
     "allowPrivilegeEscalation=true is forbidden by restricted; baseline does not restrict it.",
     "Deployment", "sudo-tooling",
     spec([c("tools", "ghcr.io/acme/ops-toolbox:2024.10", sc=csc(allowPrivilegeEscalation=True))]), ns="ops")
case("allowPrivilegeEscalation-forbidden-init-unset", "allowPrivilegeEscalation", A, F,
     "The check visits init containers; the init container leaves allowPrivilegeEscalation unset.",
     "StatefulSet", "postgres",
     spec([c("postgres", "postgres:16.4", ports=[{"containerPort": 5432}])],
          init=[c("init-perms", BUSY, command=["sh", "-c", "chmod 0700 /var/lib/postgresql/data"], sc={"capabilities": {"drop": ["ALL"]}})],
          ), ns="db")

# ---------------- runAsNonRoot ----------------
case("runAsNonRoot-allowed-pod-level", "runAsNonRoot", A, A,
     "runAsNonRoot=true at pod level covers containers that leave it unset.",
     "StatefulSet", "nats",
     spec([c("nats", "nats:2.10.21-alpine", ports=[{"containerPort": 4222}])]), ns="messaging")
case("runAsNonRoot-allowed-container-level-each", "runAsNonRoot", A, A,
     "Without a pod-level value, every container (init included) setting runAsNonRoot=true satisfies the check.",
     "Deployment", "search-api",
     spec([c("search-api", "ghcr.io/acme/search-api:1.4.0", ports=WEB, sc=csc(runAsNonRoot=True))],
          sc={"seccompProfile": {"type": "RuntimeDefault"}},
          init=[c("wait-for-es", BUSY, command=["sh", "-c", "until nc -z elasticsearch 9200; do sleep 2; done"], sc=csc(runAsNonRoot=True))]))
case("runAsNonRoot-forbidden-container-false-overrides-pod", "runAsNonRoot", A, F,
     "A container-level runAsNonRoot=false overrides the pod-level true and is flagged explicitly.",
     "Deployment", "grafana",
     spec([c("grafana", "grafana/grafana:11.2.2", ports=[{"containerPort": 3000}], sc=csc(runAsNonRoot=False))]), ns="monitoring")
case("runAsNonRoot-forbidden-runasuser-without-flag", "runAsNonRoot", A, F,
     "A non-zero runAsUser is not enough: runAsNonRoot must be true at pod level or on every container.",
     "Deployment", "keycloak",
     spec([c("keycloak", "quay.io/keycloak/keycloak:25.0.6", args=["start"], ports=WEB)],
          sc={"runAsUser": 1000, "runAsGroup": 1000, "fsGroup": 1000, "seccompProfile": {"type": "RuntimeDefault"}}), ns="auth")
case("runAsNonRoot-forbidden-one-container-missing", "runAsNonRoot", A, F,
     "No pod-level runAsNonRoot; one of two containers leaves it unset and is implicitly bad.",
     "Pod", "api-with-sidecar",
     spec([c("api", API, ports=WEB, sc=csc(runAsNonRoot=True)), c("log-forwarder", "fluent/fluent-bit:3.1.9")],
          sc={"seccompProfile": {"type": "RuntimeDefault"}}))
case("runAsNonRoot-allowed-hostusers-false", "runAsNonRoot", A, A,
     "From policy v1.35 runAsNonRoot and runAsUser are skipped for pods with hostUsers=false (user namespaces); root in the pod maps to an unprivileged host UID. Before v1.35 (or with an emulated version below it) this pod is restricted-forbidden.",
     "Deployment", "build-agent",
     spec([c("agent", "ghcr.io/acme/build-agent:3.0.0", sc=csc(runAsUser=0))],
          sc={"seccompProfile": {"type": "RuntimeDefault"}}, hostUsers=False), ns="ci")

# ---------------- runAsUser ----------------
case("runAsUser-forbidden-container-zero", "runAsUser", A, F,
     "check_runAsUser forbids runAsUser=0 at container level even when pod-level runAsNonRoot=true.",
     "Deployment", "nginx-root",
     spec([c("nginx", "nginx:1.27", ports=[{"containerPort": 80}], sc=csc(runAsUser=0))]), ns="web")
case("runAsUser-forbidden-pod-zero-containers-override", "runAsUser", A, F,
     "check_runAsUser flags pod-level runAsUser=0 even though every container overrides it with a non-zero UID.",
     "StatefulSet", "rabbitmq",
     spec([c("rabbitmq", "rabbitmq:3.13-management", ports=[{"containerPort": 5672}], sc=csc(runAsUser=999))],
          sc=psc(runAsUser=0)), ns="messaging")
case("runAsUser-allowed-nonzero", "runAsUser", A, A,
     "runAsUser 65532 is non-zero and every restricted control is met.",
     "Job", "image-thumbnailer",
     spec([c("thumbnailer", "ghcr.io/acme/thumbnailer:0.7.1", sc=csc(runAsUser=65532))], sc=psc(runAsUser=65532, runAsGroup=65532)), ns="media")
case("runAsUser-allowed-runasgroup-zero", "runAsUser", A, A,
     "The PSS 'non-root groups' control is optional and not implemented by pod-security-admission; runAsGroup/fsGroup 0 pass restricted.",
     "Deployment", "legacy-cms",
     spec([c("cms", "ghcr.io/acme/legacy-cms:9.3", ports=WEB, sc=csc(runAsUser=1001, runAsGroup=0))], sc=psc(fsGroup=0)), ns="web")

# ---------------- seccompProfile_baseline ----------------
case("seccompProfile_baseline-forbidden-pod-unconfined", "seccompProfile_baseline", F, F,
     "check_seccompProfile_baseline (v1.19+) forbids seccompProfile.type=Unconfined at pod level.",
     "Deployment", "jvm-profiler",
     spec([c("app", "ghcr.io/acme/jvm-app:17.0.2", ports=WEB)], sc=psc(seccompProfile={"type": "Unconfined"})))
case("seccompProfile_baseline-forbidden-container-unconfined", "seccompProfile_baseline", F, F,
     "A container-level Unconfined overrides the pod-level RuntimeDefault and is forbidden.",
     "DaemonSet", "strace-agent",
     spec([c("agent", "ghcr.io/acme/strace-agent:0.2.0", sc=csc(seccompProfile={"type": "Unconfined"}))]), ns="ops")
case("seccompProfile_baseline-forbidden-ephemeral-unconfined", "seccompProfile_baseline", F, F,
     "visitContainers includes ephemeral containers; an Unconfined debug container fails baseline.",
     "Pod", "checkout-6b7c9-qq8zt",
     spec([c("checkout", "ghcr.io/acme/checkout:1.19.0", ports=WEB)],
          ephemeralContainers=[{"name": "debugger-tk4", "image": "busybox:1.36", "targetContainerName": "checkout",
                                "securityContext": {"seccompProfile": {"type": "Unconfined"}}}]), ns="shop")
case("seccompProfile_baseline-allowed-localhost", "seccompProfile_baseline", A, A,
     "Localhost profiles are allowed by both seccomp checks; restricted-compliant otherwise.",
     "Deployment", "audited-api",
     spec([c("api", API, ports=WEB)], sc=psc(seccompProfile={"type": "Localhost", "localhostProfile": "profiles/audited-api.json"})))
case("seccompProfile_baseline-allowed-unset", "seccompProfile_baseline", A, F,
     "Unset seccomp is allowed by baseline; restricted requires RuntimeDefault or Localhost (and the other restricted fields).",
     "ReplicaSet", "hello-7f6d5",
     spec([c("hello", "gcr.io/google-samples/hello-app:2.0", sc=None, ports=WEB)], sc=None), ns="default")
case("seccompProfile_baseline-allowed-annotation-unconfined", "seccompProfile_baseline", A, F,
     "At policy v1.19+ check_seccompProfile_baseline reads only the seccompProfile field; the deprecated seccomp.security.alpha.kubernetes.io/pod=unconfined annotation is checked only by the v1.0-v1.18 policy (a template, unlike a Pod create, gets no annotation-to-field copying by the apiserver). Restricted fails because no seccompProfile field is set.",
     "Deployment", "legacy-annotated",
     spec([c("app", "ghcr.io/acme/legacy-app:1.0.0", ports=WEB)], sc={"runAsNonRoot": True}),
     ann={"seccomp.security.alpha.kubernetes.io/pod": "unconfined"})

# ---------------- seccompProfile_restricted ----------------
case("seccompProfile_restricted-forbidden-unset", "seccompProfile_restricted", A, F,
     "Restricted requires seccompProfile.type RuntimeDefault or Localhost at pod level or on every container; here it is unset everywhere.",
     "Deployment", "notifications",
     spec([c("notifications", "ghcr.io/acme/notifications:2.2.0", ports=WEB)], sc={"runAsNonRoot": True}))
case("seccompProfile_restricted-allowed-container-level", "seccompProfile_restricted", A, A,
     "Without a pod-level profile, every container setting RuntimeDefault satisfies the check.",
     "Pod", "two-container-seccomp",
     spec([c("api", API, ports=WEB, sc=csc(seccompProfile={"type": "RuntimeDefault"})),
           c("metrics", "ghcr.io/acme/metrics-sidecar:0.5.0", sc=csc(seccompProfile={"type": "RuntimeDefault"}))],
          sc={"runAsNonRoot": True}))
case("seccompProfile_restricted-forbidden-one-container-missing", "seccompProfile_restricted", A, F,
     "No pod-level profile and one container leaves seccompProfile unset.",
     "Pod", "two-container-seccomp-missing",
     spec([c("api", API, ports=WEB, sc=csc(seccompProfile={"type": "RuntimeDefault"})),
           c("metrics", "ghcr.io/acme/metrics-sidecar:0.5.0")],
          sc={"runAsNonRoot": True}))
case("seccompProfile_restricted-forbidden-annotation-only", "seccompProfile_restricted", A, F,
     "The legacy annotation seccomp.security.alpha.kubernetes.io/pod=runtime/default does not count at policy v1.19+; restricted needs the securityContext.seccompProfile field.",
     "Deployment", "annotated-runtime-default",
     spec([c("app", "ghcr.io/acme/legacy-app:1.0.0", ports=WEB)], sc={"runAsNonRoot": True}),
     ann={"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"})

# ---------------- appArmorProfile ----------------
case("appArmorProfile-forbidden-field-unconfined", "appArmorProfile", F, F,
     "check_appArmorProfile forbids securityContext.appArmorProfile.type=Unconfined on a container.",
     "Deployment", "ptrace-debugger",
     spec([c("app", API, ports=WEB, sc=csc(appArmorProfile={"type": "Unconfined"}))]))
case("appArmorProfile-forbidden-pod-field-unconfined", "appArmorProfile", F, F,
     "Pod-level appArmorProfile.type=Unconfined is forbidden.",
     "DaemonSet", "node-agent",
     spec([c("agent", "ghcr.io/acme/node-agent:1.3.0")], sc=psc(appArmorProfile={"type": "Unconfined"})), ns="ops")
case("appArmorProfile-forbidden-annotation-unconfined", "appArmorProfile", F, F,
     "The deprecated container.apparmor.security.beta.kubernetes.io/<container> annotation is still checked; 'unconfined' is forbidden.",
     "Deployment", "annotated-unconfined",
     spec([c("app", API, ports=WEB)]),
     ann={"container.apparmor.security.beta.kubernetes.io/app": "unconfined"})
case("appArmorProfile-allowed-annotation-runtime-default", "appArmorProfile", A, A,
     "Annotation value runtime/default is allowed; the pod is otherwise restricted-compliant.",
     "StatefulSet", "annotated-runtime-default",
     spec([c("app", API, ports=WEB)]),
     ann={"container.apparmor.security.beta.kubernetes.io/app": "runtime/default"})
case("appArmorProfile-allowed-field-localhost", "appArmorProfile", A, A,
     "appArmorProfile type Localhost (and RuntimeDefault) are allowed values.",
     "Deployment", "nginx-apparmor",
     spec([c("nginx", NGINX, ports=WEB)], sc=psc(appArmorProfile={"type": "Localhost", "localhostProfile": "k8s-nginx"})), ns="web")

# ---------------- seLinuxOptions ----------------
case("seLinuxOptions-allowed-container-init-t", "seLinuxOptions", A, A,
     "container_init_t is in the allowed type set of check_seLinuxOptions.",
     "Deployment", "systemd-app",
     spec([c("app", "ghcr.io/acme/systemd-app:1.0.0", sc=csc(seLinuxOptions={"type": "container_init_t"}))]))
case("seLinuxOptions-allowed-container-engine-t", "seLinuxOptions", A, A,
     "container_engine_t has been allowed since policy v1.31 (forbidden at pinned versions below v1.31).",
     "Pod", "buildah-builder",
     spec([c("buildah", "quay.io/buildah/stable:v1.37", command=["sleep", "infinity"], sc=csc(seLinuxOptions={"type": "container_engine_t"}))]), ns="ci")
case("seLinuxOptions-allowed-level-only", "seLinuxOptions", A, A,
     "Only type, user and role are restricted; setting level (MCS categories) is allowed.",
     "StatefulSet", "shared-volume-app",
     spec([c("app", WORKER)], sc=psc(seLinuxOptions={"level": "s0:c123,c456"})))
case("seLinuxOptions-forbidden-spc-t", "seLinuxOptions", F, F,
     "spc_t (super-privileged container) is not in the allowed type set.",
     "DaemonSet", "selinux-spc",
     spec([c("agent", "ghcr.io/acme/node-agent:1.3.0", sc=csc(seLinuxOptions={"type": "spc_t"}))]), ns="ops")
case("seLinuxOptions-forbidden-user-set", "seLinuxOptions", F, F,
     "seLinuxOptions.user must be empty even when type is container_t.",
     "Deployment", "selinux-user",
     spec([c("app", API, ports=WEB)], sc=psc(seLinuxOptions={"user": "system_u", "type": "container_t"})))
case("seLinuxOptions-forbidden-role-set-init", "seLinuxOptions", F, F,
     "seLinuxOptions.role must be empty; the check visits init containers.",
     "Job", "selinux-role",
     spec([c("job", WORKER)], init=[c("prep", BUSY, command=["true"], sc=csc(seLinuxOptions={"role": "system_r"}))]))

# ---------------- procMount ----------------
case("procMount-forbidden-unmasked", "procMount", F, F,
     "procMount Unmasked is forbidden for pods that share the host user namespace (hostUsers unset).",
     "Pod", "nested-runtime",
     spec([c("runc", "ghcr.io/acme/nested-runc:0.1.0", sc=csc(procMount="Unmasked"))]), ns="ci")
case("procMount-allowed-default", "procMount", A, A,
     "procMount Default is the allowed value; restricted-compliant otherwise.",
     "Deployment", "procmount-default",
     spec([c("app", API, ports=WEB, sc=csc(procMount="Default"))]))
case("procMount_restricted-forbidden-unmasked-hostusers-false", "procMount_restricted", A, F,
     "From policy v1.35 baseline allows Unmasked when hostUsers=false, but procMount_restricted (which overrides it) still requires Default. Below v1.35 this pod is baseline-forbidden too.",
     "Pod", "userns-nested-runtime",
     spec([c("runc", "ghcr.io/acme/nested-runc:0.1.0", sc=csc(procMount="Unmasked"))], hostUsers=False), ns="ci")

# ---------------- sysctls ----------------
case("sysctls-allowed-safe-set", "sysctls", A, A,
     "All names are in the safe set (ip_local_reserved_ports from v1.27, tcp_keepalive_*/tcp_fin_timeout from v1.29).",
     "Deployment", "high-conn-proxy",
     spec([c("haproxy", "haproxy:3.0-alpine", ports=WEB)],
          sc=psc(sysctls=[{"name": "net.ipv4.ip_local_port_range", "value": "1024 65000"},
                          {"name": "net.ipv4.ip_local_reserved_ports", "value": "8080,9090"},
                          {"name": "net.ipv4.tcp_keepalive_time", "value": "600"},
                          {"name": "net.ipv4.tcp_fin_timeout", "value": "30"},
                          {"name": "net.ipv4.ip_unprivileged_port_start", "value": "80"}])), ns="ingress")
case("sysctls-allowed-tcp-rmem-wmem", "sysctls", A, A,
     "net.ipv4.tcp_rmem and tcp_wmem joined the safe set at policy v1.32 (forbidden when pinned below v1.32).",
     "StatefulSet", "kafka-broker",
     spec([c("kafka", "apache/kafka:3.8.0", ports=[{"containerPort": 9092}])],
          sc=psc(sysctls=[{"name": "net.ipv4.tcp_rmem", "value": "4096 87380 16777216"},
                          {"name": "net.ipv4.tcp_wmem", "value": "4096 65536 16777216"}])), ns="kafka")
case("sysctls-allowed-classic-five", "sysctls", A, F,
     "kernel.shm_rmid_forced, ping_group_range and tcp_syncookies are in the original safe set; restricted fails because the container has no restricted securityContext.",
     "ReplicationController", "legacy-sysctl",
     spec([c("app", "ghcr.io/acme/legacy-app:1.0.0", sc=None, ports=WEB)],
          sc={"sysctls": [{"name": "kernel.shm_rmid_forced", "value": "1"},
                          {"name": "net.ipv4.ping_group_range", "value": "0 2147483647"},
                          {"name": "net.ipv4.tcp_syncookies", "value": "1"}]}), ns="legacy")
case("sysctls-forbidden-somaxconn", "sysctls", F, F,
     "net.core.somaxconn is namespaced but not in the PSS safe set.",
     "Deployment", "redis-tuned",
     spec([c("redis", "redis:7.4-alpine", ports=[{"containerPort": 6379}])],
          sc=psc(sysctls=[{"name": "net.core.somaxconn", "value": "1024"}])), ns="cache")
case("sysctls-forbidden-kernel-msgmax", "sysctls", F, F,
     "kernel.msgmax is not in the safe set.",
     "PodTemplate", "ipc-heavy-template",
     spec([c("app", WORKER)], sc=psc(sysctls=[{"name": "kernel.msgmax", "value": "65536"}])))
case("sysctls-forbidden-mixed-ip-forward", "sysctls", F, F,
     "One unsafe name (net.ipv4.ip_forward) fails the pod even when the others are safe.",
     "DaemonSet", "vpn-router",
     spec([c("router", "ghcr.io/acme/vpn-router:0.9.0")],
          sc=psc(sysctls=[{"name": "net.ipv4.tcp_syncookies", "value": "1"},
                          {"name": "net.ipv4.ip_forward", "value": "1"}])), ns="vpn")

# ---------------- windowsHostProcess ----------------
WIN_IMG = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
case("windowsHostProcess-forbidden-pod-level", "windowsHostProcess", F, F,
     "check_windowsHostProcess forbids windowsOptions.hostProcess=true (pod level); the required hostNetwork=true also fails hostNamespaces.",
     "DaemonSet", "win-node-exporter",
     spec([c("exporter", "ghcr.io/prometheus-community/windows-exporter:0.29.1", sc=None)],
          sc={"windowsOptions": {"hostProcess": True, "runAsUserName": "NT AUTHORITY\\system"}},
          hostNetwork=True, os={"name": "windows"}, nodeSelector={"kubernetes.io/os": "windows"}), ns="monitoring")
case("windowsHostProcess-forbidden-container-level", "windowsHostProcess", F, F,
     "hostProcess=true at container level is forbidden (hostNetwork=true is required with it and also fails).",
     "Pod", "win-csi-proxy",
     spec([c("csi-proxy", "ghcr.io/kubernetes-sigs/sig-windows/csi-proxy:v1.1.3",
             sc={"windowsOptions": {"hostProcess": True, "runAsUserName": "NT AUTHORITY\\SYSTEM"}})],
          sc=None, hostNetwork=True, os={"name": "windows"}), ns="kube-system")
case("windowsHostProcess-allowed-false", "windowsHostProcess", A, A,
     "hostProcess=false is allowed; Windows pods are exempt from the Linux-only restricted checks from v1.25 and runAsNonRoot is set.",
     "Job", "win-batch",
     spec([c("batch", WIN_IMG, sc={"windowsOptions": {"hostProcess": False}}, command=["cmd", "/c", "echo done"])],
          sc={"runAsNonRoot": True, "windowsOptions": {"runAsUserName": "ContainerUser"}}, os={"name": "windows"}), ns="win")

# ---------------- hostProbesAndHostLifecycle ----------------
case("hostProbesAndHostLifecycle-forbidden-liveness-host", "hostProbesAndHostLifecycle", F, F,
     "From policy v1.34 a non-empty livenessProbe.httpGet.host is forbidden (it lets the kubelet probe arbitrary hosts). Allowed below v1.34.",
     "Deployment", "probe-external",
     spec([c("app", API, ports=WEB, livenessProbe={"httpGet": {"host": "10.0.12.7", "path": "/healthz", "port": 8080}, "periodSeconds": 10})]))
case("hostProbesAndHostLifecycle-forbidden-prestop-host", "hostProbesAndHostLifecycle", F, F,
     "lifecycle.preStop.httpGet.host is a restricted field of hostProbesAndHostLifecycle (v1.34+).",
     "StatefulSet", "deregister-on-stop",
     spec([c("app", API, ports=WEB, lifecycle={"preStop": {"httpGet": {"host": "consul.service.internal", "path": "/v1/agent/service/deregister/app", "port": 8500}}})]))
case("hostProbesAndHostLifecycle-forbidden-tcp-localhost", "hostProbesAndHostLifecycle", F, F,
     "Any non-empty host counts, including 'localhost' on a tcpSocket readiness probe (v1.34+).",
     "Deployment", "probe-localhost",
     spec([c("app", API, ports=WEB, readinessProbe={"tcpSocket": {"host": "localhost", "port": 8080}})]))
case("hostProbesAndHostLifecycle-allowed-no-host", "hostProbesAndHostLifecycle", A, A,
     "Probes without host target the pod IP and are allowed; restricted-compliant.",
     "Deployment", "probe-pod-ip",
     spec([c("app", API, ports=WEB,
             livenessProbe={"httpGet": {"path": "/healthz", "port": "http"}},
             readinessProbe={"tcpSocket": {"port": 8080}},
             startupProbe={"httpGet": {"path": "/ready", "port": 8080, "httpHeaders": [{"name": "Host", "value": "orders.internal"}]}})]))

# ---------------- restrictedVolumes ----------------
case("restrictedVolumes-allowed-every-type", "restrictedVolumes", A, A,
     "configMap, secret, emptyDir, projected, downwardAPI, persistentVolumeClaim, ephemeral, csi and image (image since v1.33) are the volume types restrictedVolumes allows.",
     "Deployment", "all-volume-types",
     spec([c("app", API, ports=WEB, volumeMounts=[{"name": n, "mountPath": "/mnt/" + n} for n in
                                                    ["config", "creds", "scratch", "bundle", "podinfo", "data", "cache", "secrets-store", "model"]])],
          volumes=[{"name": "config", "configMap": {"name": "orders-config"}},
                   {"name": "creds", "secret": {"secretName": "orders-db"}},
                   {"name": "scratch", "emptyDir": {"sizeLimit": "1Gi"}},
                   {"name": "bundle", "projected": {"sources": [{"serviceAccountToken": {"path": "token", "expirationSeconds": 3600, "audience": "vault"}},
                                                                {"configMap": {"name": "kube-root-ca.crt"}}]}},
                   {"name": "podinfo", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
                   {"name": "data", "persistentVolumeClaim": {"claimName": "orders-data"}},
                   {"name": "cache", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}}}}}},
                   {"name": "secrets-store", "csi": {"driver": "secrets-store.csi.k8s.io", "readOnly": True, "volumeAttributes": {"secretProviderClass": "orders-vault"}}},
                   {"name": "model", "image": {"reference": "ghcr.io/acme/fraud-model:2024-10", "pullPolicy": "IfNotPresent"}}]))
case("restrictedVolumes-forbidden-nfs", "restrictedVolumes", A, F,
     "nfs is not in the restricted volume allow-list (allowed by baseline).",
     "Deployment", "media-nfs",
     spec([c("app", WORKER, volumeMounts=[{"name": "media", "mountPath": "/media"}])],
          volumes=[{"name": "media", "nfs": {"server": "10.0.40.5", "path": "/exports/media"}}]), ns="media")
case("restrictedVolumes-forbidden-gitrepo", "restrictedVolumes", A, F,
     "gitRepo (deprecated) is not in the restricted allow-list.",
     "Pod", "docs-preview",
     spec([c("hugo", "klakegg/hugo:0.111.3", volumeMounts=[{"name": "site", "mountPath": "/src"}])],
          volumes=[{"name": "site", "gitRepo": {"repository": "https://github.com/acme/docs.git", "revision": "main"}}]), ns="docs")
case("restrictedVolumes-forbidden-aws-ebs", "restrictedVolumes", A, F,
     "awsElasticBlockStore inline volumes are not allowed by restricted; use a PVC instead.",
     "StatefulSet", "legacy-mysql",
     spec([c("mysql", "mysql:8.4", ports=[{"containerPort": 3306}], volumeMounts=[{"name": "data", "mountPath": "/var/lib/mysql"}])],
          volumes=[{"name": "data", "awsElasticBlockStore": {"volumeID": "vol-0a1b2c3d4e5f67890", "fsType": "ext4"}}]), ns="db")
case("restrictedVolumes-forbidden-azurefile", "restrictedVolumes", A, F,
     "azureFile is not in the restricted allow-list.",
     "CronJob", "invoice-export",
     spec([c("export", WORKER, volumeMounts=[{"name": "share", "mountPath": "/export"}])],
          volumes=[{"name": "share", "azureFile": {"secretName": "azure-files", "shareName": "invoices", "readOnly": False}}]), ns="billing")
case("restrictedVolumes-forbidden-hostpath-on-hardened", "restrictedVolumes", F, F,
     "hostPath fails baseline (hostPathVolumes) and restricted (restrictedVolumes) even on an otherwise hardened pod.",
     "Job", "node-log-collector",
     spec([c("collector", WORKER, volumeMounts=[{"name": "journal", "mountPath": "/var/log/journal", "readOnly": True}])],
          volumes=[{"name": "journal", "hostPath": {"path": "/var/log/journal"}}]), ns="ops")

def main():
    os.makedirs(OUT, exist_ok=True)
    seen = set()
    for fname, control, b, r, why, kind, name, ns, podspec, ann in CASES:
        assert fname not in seen, fname; seen.add(fname)
        parts = fname.split("-")
        assert parts[0] == control and parts[1] in (A, F) and parts[1] == (b if control in BASELINE_IDS else r), fname
        doc = wrap(kind, name, ns, copy.deepcopy(podspec), ann)
        head = f"# control: {control}\n# baseline: {b}\n# restricted: {r}\n# why: {why}\n"
        body = yaml.dump(doc, Dumper=D, sort_keys=False, default_flow_style=False, width=200)
        with open(os.path.join(OUT, fname + ".yaml"), "w") as f:
            f.write(head + body)
    print(len(CASES), "cases")

BASELINE_IDS = {"privileged", "hostNamespaces", "hostPathVolumes", "hostPorts", "capabilities_baseline", "appArmorProfile",
                "seLinuxOptions", "procMount", "seccompProfile_baseline", "sysctls", "windowsHostProcess", "hostProbesAndHostLifecycle"}
if __name__ == "__main__":
    main()

import { describe, expect, it } from 'vitest';
import { composeService, recreateContainer } from './recreate.js';

const inspect = {
  Id: 'abcdef0123456789',
  Name: '/web',
  Config: {
    Hostname: 'abcdef012345',
    User: 'app',
    Env: ['MODE=prod'],
    Labels: { team: 'shop', 'com.docker.compose.project': 'p' },
    Image: 'nginx:1.27',
    Cmd: ['serve'],
    Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 30e9 },
  },
  HostConfig: {
    PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] },
    Privileged: true,
    IpcMode: 'private',
    CapAdd: ['NET_ADMIN'],
    SecurityOpt: ['seccomp=unconfined'],
    Memory: 67108864,
    PidsLimit: 100,
    RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
    Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
  },
};

describe('recreate', () => {
  it('writes each setting as its docker run flag, leaving out what the daemon fills in', () => {
    const container = recreateContainer(inspect);
    expect(container.flags.map(({ flag, value }) => (value === undefined ? flag : `${flag}=${value}`))).toEqual([
      '--name=web',
      '--user=app',
      '--env=MODE=prod',
      '--label=team=shop',
      '--publish=8080:80',
      '--privileged',
      '--cap-add=NET_ADMIN',
      '--security-opt=seccomp=unconfined',
      '--memory=67108864b',
      '--pids-limit=100',
      '--restart=on-failure:3',
      '--ulimit=nofile=1024:2048',
      '--health-cmd=true',
      '--health-interval=30s',
    ]);
    expect(container.runArguments).toEqual(['serve']);
  });

  it('and as the Compose service keys that hold the same settings', () => {
    expect(composeService(recreateContainer(inspect))).toEqual({
      image: 'nginx:1.27',
      user: 'app',
      environment: ['MODE=prod'],
      labels: ['team=shop'],
      ports: ['8080:80'],
      privileged: true,
      cap_add: ['NET_ADMIN'],
      security_opt: ['seccomp=unconfined'],
      mem_limit: '67108864b',
      pids_limit: 100,
      restart: 'on-failure:3',
      ulimits: { nofile: { soft: 1024, hard: 2048 } },
      healthcheck: { test: ['CMD-SHELL', 'true'], interval: '30s' },
      command: ['serve'],
    });
  });
});

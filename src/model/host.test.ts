import { expect, it } from 'vitest';
import { hostSecurityFromInfo } from './host.js';

it('reads the security options of API 1.24 and later', () => {
  expect(hostSecurityFromInfo(['name=apparmor', 'name=seccomp,profile=default', 'name=cgroupns'])).toEqual({
    appArmor: true,
    selinux: false,
    seccomp: true,
    userns: false,
    rootless: false,
  });
  expect(hostSecurityFromInfo(['name=seccomp,profile=builtin', 'name=rootless', 'name=userns', 'name=selinux'])).toMatchObject({
    appArmor: false,
    selinux: true,
    userns: true,
    rootless: true,
  });
});

it('reads the bare names older daemons reported, and no options as all off', () => {
  expect(hostSecurityFromInfo(['apparmor', 'seccomp'])).toMatchObject({ appArmor: true, seccomp: true });
  expect(hostSecurityFromInfo(undefined)).toMatchObject({ appArmor: false, selinux: false });
});

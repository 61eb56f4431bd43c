import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { unsafeSysctl } from './unsafe-sysctl.js';

testRule(unsafeSysctl, {
  valid: [
    { kubernetes: podManifest({}, { securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }] } }) },

    { inspect: { HostConfig: { Sysctls: { 'net.ipv4.ip_unprivileged_port_start': '80', 'kernel.shm_rmid_forced': '1' } } } },
    { inspect: { HostConfig: {} } },
    // Issue 16: net.* parameters tune the container's own network namespace; hardening values are no risk.
    {
      compose:
        'services: {vpn: {image: x, sysctls: {net.ipv4.conf.all.src_valid_mark: 1, net.core.somaxconn: 4096, ' +
        'net.ipv4.conf.all.accept_redirects: 0, net.ipv6.conf.all.disable_ipv6: 0, net.ipv4.conf.eth0.rp_filter: 2}}}',
    },
    { run: 'docker run --sysctl net.ipv4.ip_forward=0 --sysctl net.ipv4.conf.default.accept_source_route=0 x' },
  ],
  invalid: [
    {
      kubernetes: podManifest({}, { securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '65536' }] } }),
      errors: [{ messageId: 'unsafe', path: ['sysctls', 'kernel.msgmax'] }],
    },

    {
      inspect: { HostConfig: { Sysctls: { 'net.ipv4.tcp_syncookies': '1', 'net.ipv4.ip_forward': '1', 'kernel.msgmax': '65536' } } },
      errors: [
        { messageId: 'ownNetwork', path: ['sysctls', 'net.ipv4.ip_forward'], data: { name: 'net.ipv4.ip_forward' }, severity: 'medium' },
        { messageId: 'unsafe', path: ['sysctls', 'kernel.msgmax'], severity: 'high' },
      ],
    },
    {
      compose:
        'services: {vpn: {image: x, sysctls: [net.ipv4.conf.all.rp_filter=0, net.ipv6.conf.all.forwarding=1, ' +
        'net.ipv4.conf.eth0.route_localnet=1, net.ipv4.conf.all.proxy_arp=1, net.ipv6.conf.all.accept_redirects=1]}}',
      errors: [
        { messageId: 'ownNetwork', path: ['sysctls', 'net.ipv4.conf.all.rp_filter'], data: { value: '0' }, line: 1 },
        { messageId: 'ownNetwork', path: ['sysctls', 'net.ipv6.conf.all.forwarding'] },
        { messageId: 'ownNetwork', path: ['sysctls', 'net.ipv4.conf.eth0.route_localnet'] },
        { messageId: 'ownNetwork', path: ['sysctls', 'net.ipv4.conf.all.proxy_arp'] },
        { messageId: 'ownNetwork', path: ['sysctls', 'net.ipv6.conf.all.accept_redirects'] },
      ],
    },
    {
      run: 'docker run --network host --sysctl net.core.somaxconn=4096 x',
      why: "with the host's network namespace even tuning changes the host",
      errors: [{ messageId: 'hostNetwork', path: ['sysctls', 'net.core.somaxconn'], severity: 'high' }],
    },
  ],
});

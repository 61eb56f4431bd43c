import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { hostNetwork } from './host-network.js';

testRule(hostNetwork, {
  valid: [
    { quadlet: quadletUnit('Network=web.network') },
    { run: 'docker run --network=bridge alpine' },
    { compose: 'services: {a: {image: x}}', why: 'Compose puts a service on its project network' },

    { inspect: { HostConfig: { NetworkMode: 'default' } } },
    { inspect: { HostConfig: { NetworkMode: 'none' } } },
    { inspect: { HostConfig: { NetworkMode: 'hostnet' } }, why: 'a user network merely named like host' },
  ],
  invalid: [
    {
      quadlet: quadletUnit('Network=host'),
      errors: [{ messageId: 'host', path: ['networkMode'], data: { setting: 'Network=host' }, line: 3, column: 1 }],
    },
    {
      kubernetes: podManifest({}, { hostNetwork: true }),
      errors: [{ messageId: 'host', path: ['networkMode'], data: { setting: 'hostNetwork: true' } }],
    },

    { run: 'docker run --net host alpine', errors: [{ messageId: 'host', path: ['networkMode'] }] },
    // Issue 16: a Compose finding speaks Compose.
    {
      compose: 'services: {a: {image: x, network_mode: host}}',
      errors: [{ messageId: 'host', path: ['networkMode'], data: { setting: 'network_mode: host' } }],
    },
    { inspect: { HostConfig: { NetworkMode: 'host' } }, errors: [{ messageId: 'host', path: ['networkMode'] }] },
  ],
});

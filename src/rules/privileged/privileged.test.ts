import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { privileged } from './privileged.js';

testRule(privileged, {
  valid: [
    { run: 'docker run --privileged=false alpine' },
    { compose: 'services: {a: {image: x, privileged: "${PRIV:-false}"}}' },
    { inspect: { HostConfig: { Privileged: false } } },
    { inspect: { HostConfig: {} } },
    { inspect: {} },
  ],
  invalid: [
    { kubernetes: podManifest({ securityContext: { privileged: true } }), errors: [{ messageId: 'privileged', path: ['privileged'] }] },

    {
      run: 'sudo docker run -it --privileged alpine',
      errors: [{ messageId: 'privileged', path: ['privileged'], line: 1, column: 21 }],
      why: 'after sudo and grouped short flags, at the flag itself',
      output: 'sudo docker run -it --privileged alpine',
    },
    {
      compose: 'services: {a: {image: x, privileged: true}}',
      errors: [{ messageId: 'privileged', path: ['privileged'], line: 1, column: 26 }],
      why: 'a decision for the user: fix leaves the service as it is',
      output: 'services: {a: {image: x, privileged: true}}',
    },
    { inspect: { HostConfig: { Privileged: true } }, errors: [{ messageId: 'privileged', path: ['privileged'] }] },
  ],
});

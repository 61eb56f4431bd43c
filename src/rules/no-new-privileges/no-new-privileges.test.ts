import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { noNewPrivileges } from './no-new-privileges.js';

testRule(noNewPrivileges, {
  valid: [
    { quadlet: quadletUnit('NoNewPrivileges=true') },
    { kubernetes: podManifest({ securityContext: { allowPrivilegeEscalation: false } }) },

    { run: 'docker run --security-opt=no-new-privileges alpine' },
    { compose: 'services: {a: {image: x, security_opt: ["no-new-privileges:true"]}}' },

    { inspect: { HostConfig: { SecurityOpt: ['no-new-privileges'] } } },
    { inspect: { HostConfig: { SecurityOpt: ['no-new-privileges=true'] } } },
    { inspect: { HostConfig: { SecurityOpt: ['no-new-privileges:true'] } } },
    {
      inspect: { HostConfig: {} },
      observed: { noNewPrivileges: true },
      why: 'the daemon enforces it: the running process shows NoNewPrivs 1',
    },
  ],
  invalid: [
    {
      quadlet: `${quadletUnit()}\n\n[Install]\nWantedBy=default.target\n`,
      why: 'a key fix adds goes at the end of [Container], before the next section',
      errors: [{ messageId: 'missing', path: ['securityOpt'], line: 1, column: 1 }],
      output: `${quadletUnit('NoNewPrivileges=true')}\n\n[Install]\nWantedBy=default.target\n`,
    },
    {
      quadlet: quadletUnit('NoNewPrivileges=true', 'NoNewPrivileges=no'),
      output: quadletUnit('NoNewPrivileges=true'),
      why: 'the last entry wins, as in Quadlet',
      errors: [{ messageId: 'missing', path: ['securityOpt'] }],
    },
    {
      kubernetes: podManifest({ securityContext: { allowPrivilegeEscalation: true } }),
      errors: [{ messageId: 'missing', path: ['securityOpt'] }],
    },

    { run: 'docker run --security-opt no-new-privileges=false alpine', errors: [{ messageId: 'disabled', path: ['securityOpt', 0] }] },
    { compose: 'services: {a: {image: x}}', errors: [{ messageId: 'missing', path: ['securityOpt'] }] },

    { inspect: { HostConfig: {} }, errors: [{ messageId: 'missing', path: ['securityOpt'] }] },
    {
      inspect: { HostConfig: { SecurityOpt: ['no-new-privileges=false'] } },
      why: 'set to false is not set',
      errors: [{ messageId: 'disabled', path: ['securityOpt', 0] }],
    },
    {
      inspect: { HostConfig: { SecurityOpt: ['no-new-privileges', 'no-new-privileges:false'] } },
      why: 'the last one applies',
      errors: [{ messageId: 'disabled', path: ['securityOpt', 1] }],
    },
    { inspect: { HostConfig: {} }, observed: { noNewPrivileges: false }, errors: [{ messageId: 'missing', path: ['securityOpt'] }] },
  ],
});

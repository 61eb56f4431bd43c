import { testRule } from '../../../test/support/rule-tester.js';
import { hostCgroupns } from './host-cgroupns.js';

testRule(hostCgroupns, {
  valid: [{ inspect: { HostConfig: { CgroupnsMode: 'private' } } }, { inspect: { HostConfig: { CgroupnsMode: 'container:peer' } } }],
  invalid: [{ inspect: { HostConfig: { CgroupnsMode: 'host' } }, errors: [{ messageId: 'host', path: ['cgroupnsMode'] }] }],
});

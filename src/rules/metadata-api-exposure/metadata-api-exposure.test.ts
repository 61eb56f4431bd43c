import { testRule } from '../../../test/support/rule-tester.js';
import { metadataApiExposure } from './metadata-api-exposure.js';

testRule(metadataApiExposure, {
  valid: [{ inspect: { HostConfig: { NetworkMode: 'none' } } }, { inspect: { HostConfig: { NetworkMode: 'backend' } } }],
  invalid: [{ inspect: { HostConfig: { NetworkMode: 'host' } }, errors: [{ messageId: 'hostNetwork', path: ['networkMode'] }] }],
});

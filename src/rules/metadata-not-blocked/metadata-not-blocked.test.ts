import { testEngineRule } from '../../../test/support/rule-tester.js';
import { metadataNotBlocked } from './metadata-not-blocked.js';

testEngineRule(metadataNotBlocked, {
  valid: [
    { why: 'the DOCKER-USER chain drops traffic to the metadata address' },
    { facts: { metadataFilter: 'open', bridgedContainers: [] }, why: 'open, but no container is bridged' },
    { facts: { metadataFilter: 'open' }, unknown: ['metadataFilter'], why: 'the chain could not be read' },
  ],
  invalid: [{ facts: { metadataFilter: 'open' }, errors: [{ messageId: 'open', path: ['metadataFilter'], data: { count: 1 } }] }],
});

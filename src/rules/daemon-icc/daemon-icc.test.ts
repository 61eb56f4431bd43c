import { testEngineRule } from '../../../test/support/rule-tester.js';
import { daemonIcc } from './daemon-icc.js';

testEngineRule(daemonIcc, {
  valid: [{ why: 'icc off on the default bridge' }, { unknown: ['defaultBridgeIcc'], why: 'an engine without a default bridge' }],
  invalid: [{ facts: { defaultBridgeIcc: true }, errors: [{ messageId: 'on', path: ['defaultBridgeIcc'] }] }],
});

import { testEngineRule } from '../../../test/support/rule-tester.js';
import { daemonLiveRestore } from './daemon-live-restore.js';

testEngineRule(daemonLiveRestore, {
  valid: [{ why: 'live-restore on' }, { unknown: ['liveRestore'], why: 'an engine that does not report it' }],
  invalid: [{ facts: { liveRestore: false }, errors: [{ messageId: 'off', path: ['liveRestore'] }] }],
});

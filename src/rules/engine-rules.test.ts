import { describe, expect, it } from 'vitest';
import { engineFacts } from '../../test/support/engine-facts.js';
import { daemonIcc } from './daemon-icc/daemon-icc.js';
import { daemonLiveRestore } from './daemon-live-restore/daemon-live-restore.js';
import { daemonUsernsRemap } from './daemon-userns-remap/daemon-userns-remap.js';
import type { EngineRule } from './define-rule.js';
import { metadataNotBlocked } from './metadata-not-blocked/metadata-not-blocked.js';
import { unauthenticatedTcpApi } from './unauthenticated-tcp-api/unauthenticated-tcp-api.js';

const ids = (rule: EngineRule, overrides: Parameters<typeof engineFacts>[0]) => rule.check(engineFacts(overrides)).map((v) => v.messageId);

describe('engine rules', () => {
  it('pass on a well-configured engine', () => {
    for (const rule of [daemonIcc, daemonLiveRestore, daemonUsernsRemap, metadataNotBlocked, unauthenticatedTcpApi]) {
      expect(rule.check(engineFacts()), rule.id).toEqual([]);
    }
  });

  it('metadata-not-blocked: only when the chain was read, is open, and some container is bridged', () => {
    expect(ids(metadataNotBlocked, { metadataFilter: 'open' })).toEqual(['open']);
    expect(ids(metadataNotBlocked, { metadataFilter: 'open', bridgedContainers: [] })).toEqual([]);
    const { metadataFilter: _unread, ...unread } = engineFacts({ metadataFilter: 'open' });
    expect(metadataNotBlocked.check(unread)).toEqual([]);
  });

  it('unauthenticated-tcp-api: plain tcp only', () => {
    expect(ids(unauthenticatedTcpApi, { endpoint: { url: 'tcp://10.0.0.5:2375', protocol: 'http', local: false } })).toEqual(['plain']);
    expect(ids(unauthenticatedTcpApi, { endpoint: { url: 'tcp://10.0.0.5:2376', protocol: 'https', local: false } })).toEqual([]);
    expect(ids(unauthenticatedTcpApi, { endpoint: { url: 'ssh://ops@h', protocol: 'ssh', local: false } })).toEqual([]);
  });

  it('daemon settings: reported only where the engine reports them', () => {
    expect(ids(daemonIcc, { defaultBridgeIcc: true })).toEqual(['on']);
    const { defaultBridgeIcc: _none, ...noBridge } = engineFacts();
    expect(daemonIcc.check(noBridge)).toEqual([]);
    expect(ids(daemonLiveRestore, { liveRestore: false })).toEqual(['off']);
    expect(ids(daemonUsernsRemap, { security: { userns: false, rootless: false } })).toEqual(['off']);
    expect(ids(daemonUsernsRemap, { security: { userns: false, rootless: true } })).toEqual([]);
  });
});

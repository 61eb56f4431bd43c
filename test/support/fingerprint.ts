import { fingerprinter } from '../../src/secrets/classify.js';

/** The fingerprint of a secret in tests: a fixed key, so expectations can name it. */
export const testFingerprint = fingerprinter('test-key');

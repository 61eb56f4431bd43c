import * as crypto from 'node:crypto';

/**
 * SHA-256 of a string. One-shot hashing (crypto.hash, Node 20.12 and later)
 * is about three times faster than a Hash object for short strings, and
 * every finding and every value checked for secrets is hashed; older Node 20
 * falls back to the Hash object.
 */
export const sha256: (text: string, encoding: 'hex' | 'base64') => string =
  typeof crypto.hash === 'function'
    ? (text, encoding) => crypto.hash('sha256', text, encoding)
    : (text, encoding) => crypto.createHash('sha256').update(text).digest(encoding);

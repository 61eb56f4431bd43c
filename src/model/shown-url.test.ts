import { describe, expect, it } from 'vitest';
import { shownUrl } from './shown-url.js';

describe('shownUrl', () => {
  it('replaces the password of a URL, and leaves one without as it is', () => {
    expect(shownUrl('tcp://u:s3cret@10.0.0.5:2375')).toBe('tcp://u:redacted@10.0.0.5:2375');
    expect(shownUrl('postgresql://ops:pw@db.example/history')).toBe('postgresql://ops:redacted@db.example/history');
    expect(shownUrl('ssh://ops@h')).toBe('ssh://ops@h');
  });

  it("replaces it in libpq's URLs that are not WHATWG URLs too, whatever characters it holds", () => {
    expect(shownUrl('postgresql://ops:p@ss:w/rd@/history?host=/run/postgresql')).toBe(
      'postgresql://ops:redacted@/history?host=/run/postgresql',
    );
    expect(shownUrl('postgresql://ops@/history?host=/run/postgresql')).toBe('postgresql://ops@/history?host=/run/postgresql');
  });

  it('replaces a password given as a parameter', () => {
    expect(shownUrl('postgresql:///history?host=/run/postgresql&password=S3cret&user=ops')).toBe(
      'postgresql:///history?host=/run/postgresql&password=redacted&user=ops',
    );
    expect(shownUrl('postgresql://ops@/h?PASSWORD=x%26y')).toBe('postgresql://ops@/h?PASSWORD=redacted');
  });

  it('replaces a password that a URL parser would take for a port and a path, and the passphrase of a client key', () => {
    expect(shownUrl('postgresql://ops:2024/Secret@db/h')).toBe('postgresql://ops:redacted@db/h');
    expect(shownUrl('tcp://u:1234/x@h:2375')).toBe('tcp://u:redacted@h:2375');
    expect(shownUrl('postgresql://ops@db/h?sslpassword=KeyPass&sslmode=verify-full')).toBe(
      'postgresql://ops@db/h?sslpassword=redacted&sslmode=verify-full',
    );
    expect(shownUrl('tcp://10.0.0.5:2376')).toBe('tcp://10.0.0.5:2376');
  });
});

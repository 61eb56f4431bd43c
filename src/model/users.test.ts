import { describe, expect, it } from 'vitest';
import { isRootId, runsAsRoot, uidInPasswd } from './users.js';

describe('users as the runtime resolves them', () => {
  it('reads uids as Atoi does, and an empty user part as the default uid 0', () => {
    for (const id of ['0', '00', '+0', '-0']) expect(isRootId(id), id).toBe(true);
    for (const id of [' 0', '0x0', '1000', 'rooty', '']) expect(isRootId(id), id).toBe(false);
    for (const user of ['root', '0:0', ':0', ':', '+0:1000']) expect(runsAsRoot(user), user).toBe(true);
    for (const user of ['', '1000', '1000:0', 'app']) expect(runsAsRoot(user), user).toBe(false);
  });

  it('reads /etc/passwd as libcontainer does (regression: a third independent attack ran as uid 0 through each of these)', () => {
    const passwd = 'ua:x:abc:abc::/:/x\nub:x::::/:/x\n uc:x:0:0::/:/x\nuh:x:0x0:0::/:/x\nud:x\napp:x:1000:1000::/:/x\napp:x:0:0::/:/x\n';
    for (const name of ['ua', 'ub', 'uc', 'uh', 'ud']) expect(isRootId(uidInPasswd(passwd, name)), name).toBe(true);
    expect(uidInPasswd(passwd, 'app')).toBe('1000');
    expect(uidInPasswd(passwd, 'nobody')).toBeUndefined();
  });
});

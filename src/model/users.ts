/**
 * Whether the user part of a `user[:group]` value (or a group part) is uid or
 * gid 0, as the runtime resolves it: a name is looked up in the image's
 * /etc/passwd (only `root` is known to be 0 without the image), and a number
 * is read with Go's strconv.Atoi, which also takes `00`, `+0` and `-0`
 * (moby/sys/user, used by dockerd for exec and by runc for the container).
 */
export function isRootId(id: string | undefined): boolean {
  if (id === undefined) return false;
  return id === 'root' || (/^[+-]?[0-9]+$/.test(id) && Number(id) === 0);
}

/**
 * Whether a `user[:group]` value runs as uid 0: a root uid, or an empty user
 * part (`:0`, `:`), which the runtime fills with its default, uid 0
 * (moby/sys/user GetExecUser, with dockerd's defaults). An empty value as a
 * whole is not this: the container's (or image's) own user applies.
 */
export function runsAsRoot(user: string): boolean {
  if (user === '') return false;
  const uid = userPart(user);
  return uid === '' || isRootId(uid);
}

/** The uid part of `user[:group]`. */
export function userPart(user: string): string {
  return user.split(':')[0] ?? '';
}

/**
 * The uid a user name has in an /etc/passwd, read as runc's libcontainer
 * `user` package reads it for dockerd: each line trimmed, fields split on
 * `:`, the first entry of the name wins, and a uid that is missing or not a
 * number (`abc`, empty, `0x0`) is 0, since that reader ignores the parse
 * error. Undefined when the name is not there.
 */
export function uidInPasswd(passwd: string, name: string): string | undefined {
  for (const line of passwd.split('\n')) {
    const [entry, , uid = ''] = line.trim().split(':');
    if (entry === name) return /^[+-]?[0-9]+$/.test(uid) ? uid : '0';
  }
  return undefined;
}

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
 * The uid a user name has in an /etc/passwd (`name:password:uid:gid:…`);
 * undefined when the name is not there. The first entry of a name is the one
 * the runtime uses.
 */
export function uidInPasswd(passwd: string, name: string): string | undefined {
  for (const line of passwd.split('\n')) {
    const [entry, , uid] = line.split(':');
    if (entry === name) return uid?.trim();
  }
  return undefined;
}

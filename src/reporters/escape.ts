/**
 * Values in reports come from containers (names, paths, variable names) and
 * may hold anything. On a terminal, control characters could move the cursor
 * or rewrite earlier lines, so they are shown as `\xNN` instead.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

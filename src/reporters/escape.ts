/**
 * Every value a report shows comes from a container, a file or an engine and
 * may hold anything. Each output format escapes through one of these.
 */

/** On a terminal, control characters could move the cursor or rewrite earlier lines, and a newline in a name could fake a line of its own: shown as \xNN. */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** XML and HTML text and attribute values (JUnit, the HTML report); characters XML 1.0 cannot carry are dropped. */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** Markdown table cells and inline text: no raw HTML, no table breaks, no accidental formatting. */
export function markdownEscape(text: string): string {
  return terminalSafe(text.replace(/\r?\n/g, ' ')).replace(/[\\`*_{}[\]()#+!|<>~]/g, (char) => `\\${char}`);
}

/** GitHub workflow command data: %, CR and LF are encoded; properties also encode : and ,. */
export function githubCommandEscape(text: string, property = false): string {
  const data = text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return property ? data.replace(/:/g, '%3A').replace(/,/g, '%2C') : data;
}

/**
 * A rule's revoke page as a link: the normalised form of an http(s) URL (spaces, quotes and angle brackets
 * percent-encoded, so it can close neither a Markdown link nor a SARIF string's meaning), or undefined for anything
 * else. Built-in rules hold plain https URLs; a custom rule's is checked by the config schema but kept as written.
 */
export function httpUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

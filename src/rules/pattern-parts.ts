/**
 * Regex building blocks shared by the rule families, for rules that recognise a value by the name it is assigned to
 * (`MISTRAL_API_KEY=…`, `"gitea_token": "…"`). Sources of regular expressions, composed into rule patterns.
 */

/** `key` -> `[Kk][Ee][Yy]`: a name in any case while the value's character class stays case-exact. */
export function ci(word: string): string {
  return word.replace(/[a-z]/gi, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
}

/** Between a provider name and `key`/`token`: `_API_`, `.api_`, `(api_`, `({ api`, `ApiKey`… bounded. */
export const GAP = String.raw`[\w.\-({ ]{0,20}?`;
/** `=`, `:`, `:=`, `=>`, with the quotes and brackets of .env, shell, YAML, JSON, Python, TS and `os.environ["X"] =`. */
export const ASSIGN = String.raw`["'\]]{0,2}\s{0,5}(?:=>|:=|=|:)\s{0,5}["'\x60]?`;
/** After the value: not more of a token. */
export const END = String.raw`(?![\w-])`;

/** `<name> <GAP> <one of words> = <value>`: `names` and `words` are regex sources already made case-insensitive. */
export function assignedAfter(names: string, words: string, value: string): string {
  return `(?:${names})${GAP}${words}${ASSIGN}(?<secret>${value})${END}`;
}

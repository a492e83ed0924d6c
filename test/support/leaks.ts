/**
 * Searching outputs for planted secrets: the whole value, and every piece of it long enough to matter. A mask may
 * show a known provider prefix and the last four characters, so pieces are taken from the rest; what is searched
 * for is never printed (a failure names the output and the planted value's label only).
 */

export interface Planted {
  /** What the value is and where it was planted, for the failure message. */
  label: string;
  value: string;
  /** A provider prefix the value starts with and a mask may show ("ghp_"): pieces inside it are not searched. */
  prefix?: string;
}

/** Every `length`-character piece of `value` that does not lie inside its shown prefix, `step` apart. */
export function secretPieces(value: string, length: number, prefix = '', step = 1): string[] {
  const out: string[] = [];
  for (let i = 0; i + length <= value.length; i += step) {
    if (i + length <= prefix.length) continue;
    out.push(value.slice(i, i + length));
  }
  return out;
}

/** The first output that holds a planted value or a piece of one: "<output name>: <label>", or undefined. */
export function findLeak(outputs: Record<string, string>, planted: readonly Planted[], pieceLength: number, step = 1): string | undefined {
  for (const [name, text] of Object.entries(outputs)) {
    for (const p of planted) {
      if (text.includes(p.value)) return `${name}: the whole ${p.label}`;
      if (secretPieces(p.value, pieceLength, p.prefix, step).some((piece) => text.includes(piece))) return `${name}: a ${pieceLength}-character piece of the ${p.label}`;
    }
  }
  return undefined;
}

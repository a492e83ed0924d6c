/**
 * The keyword prefilter as one Aho-Corasick pass over the text (gitleaks and TruffleHog do the same): every
 * occurrence of every keyword, case-insensitively, in time linear in the text whatever the number of keywords.
 *
 * It answers exactly what the case-insensitive keyword alternation (`CompiledRuleSet.keywordRegex`) answers — which
 * keywords occur somewhere in the text — about four times faster on real code (bench/README.md). Keywords must be
 * ASCII: a non-unicode `i` regex folds only ASCII letters to ASCII letters, and so does this matcher; `build`
 * returns undefined for other keywords and the scanner keeps the regex.
 */
export class KeywordMatcher {
  private constructor(
    /** Character code (< 128) -> input class; class 0 is every character no keyword contains. */
    private readonly classOf: Uint8Array,
    private readonly classCount: number,
    /** Transitions, `state * classCount + class` -> next state, also premultiplied by classCount. */
    private readonly next: Int32Array,
    /** States are numbered so that those where a keyword ends come last, from this (premultiplied) one on. */
    private readonly firstOutput: number,
    /** For output state `o` (0-based among output states): keywords ending there are `outputs[outStart[o]..outStart[o+1])`. */
    private readonly outStart: Int32Array,
    private readonly outputs: Int32Array,
  ) {}

  /** A matcher for these (lowercase) keywords, or undefined when one of them is not ASCII. */
  static build(keywords: readonly string[]): KeywordMatcher | undefined {
    const classOf = new Uint8Array(128);
    let classCount = 1;
    for (const keyword of keywords) {
      for (let i = 0; i < keyword.length; i++) {
        const c = foldAscii(keyword.charCodeAt(i));
        if (c >= 128) return undefined;
        if (classOf[c] === 0) classOf[c] = classCount++;
      }
    }
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32]!; // A-Z share the class of a-z

    // The trie: goto[state * classCount + class] = child, or -1.
    const goto: number[] = new Array<number>(classCount).fill(-1);
    const own: number[][] = [[]];
    keywords.forEach((keyword, index) => {
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const slot = state * classCount + classOf[foldAscii(keyword.charCodeAt(i))]!;
        if (goto[slot] === -1) {
          goto[slot] = own.length;
          own.push([]);
          for (let cls = 0; cls < classCount; cls++) goto.push(-1);
        }
        state = goto[slot]!;
      }
      own[state]!.push(index);
    });

    // Breadth-first: failure links, the full transition function, and each state's outputs (its own keywords and
    // those of its failure state, which is shallower and so already complete).
    const stateCount = own.length;
    const delta = new Int32Array(stateCount * classCount);
    const fail = new Int32Array(stateCount);
    const outputs: number[][] = own.map((list) => [...list]);
    const queue: number[] = [];
    for (let cls = 0; cls < classCount; cls++) {
      const child = goto[cls]!;
      delta[cls] = child === -1 ? 0 : child;
      if (child !== -1) queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const k of outputs[fail[state]!]!) if (!outputs[state]!.includes(k)) outputs[state]!.push(k);
      for (let cls = 0; cls < classCount; cls++) {
        const child = goto[state * classCount + cls]!;
        const viaFail = delta[fail[state]! * classCount + cls]!;
        if (child === -1) {
          delta[state * classCount + cls] = viaFail;
        } else {
          fail[child] = viaFail;
          delta[state * classCount + cls] = child;
          queue.push(child);
        }
      }
    }

    // Renumber so "a keyword ends here" is one comparison in the scan loop; premultiply the transitions.
    const renumbered = new Int32Array(stateCount);
    let id = 0;
    for (let s = 0; s < stateCount; s++) if (outputs[s]!.length === 0) renumbered[s] = id++;
    const firstOutput = id;
    for (let s = 0; s < stateCount; s++) if (outputs[s]!.length > 0) renumbered[s] = id++;
    const next = new Int32Array(stateCount * classCount);
    for (let s = 0; s < stateCount; s++) {
      for (let cls = 0; cls < classCount; cls++) {
        next[renumbered[s]! * classCount + cls] = renumbered[delta[s * classCount + cls]!]! * classCount;
      }
    }
    const byOutputState: number[][] = [];
    for (let s = 0; s < stateCount; s++) if (outputs[s]!.length > 0) byOutputState[renumbered[s]! - firstOutput] = outputs[s]!;
    const outStart = new Int32Array(byOutputState.length + 1);
    const flat: number[] = [];
    byOutputState.forEach((list, o) => {
      outStart[o] = flat.length;
      flat.push(...list);
    });
    outStart[byOutputState.length] = flat.length;
    return new KeywordMatcher(classOf, classCount, next, firstOutput * classCount, outStart, Int32Array.from(flat));
  }

  /**
   * Calls `onKeyword(index)` (an index into the keywords given to `build`) for each occurrence of each keyword, in
   * text order by end position; stops as soon as `onKeyword` returns true.
   */
  scan(text: string, onKeyword: (keyword: number) => boolean): void {
    const { classOf, classCount, next, firstOutput, outStart, outputs } = this;
    let state = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      state = next[state + (c < 128 ? classOf[c]! : 0)]!;
      if (state >= firstOutput) {
        const o = (state - firstOutput) / classCount;
        for (let j = outStart[o]!, end = outStart[o + 1]!; j < end; j++) if (onKeyword(outputs[j]!)) return;
      }
    }
  }
}

/** A rule set's matcher and, per keyword (in `rulesByKeyword` order), the rules it triggers. */
export interface SetMatcher {
  matcher: KeywordMatcher;
  rulesOf: number[][];
}

const forSet = new WeakMap<object, SetMatcher | null>();

/** Records the matcher `indexRules` built for a rule set, so the scanner does not build it again. */
export function shareKeywordMatcher(set: object, matcher: KeywordMatcher, rulesOf: number[][]): void {
  forSet.set(set, { matcher, rulesOf });
}

/**
 * The matcher of a rule set: the one `indexRules` recorded, else one built now from `rulesByKeyword` (a set put
 * together by hand); null when a keyword is not ASCII.
 */
export function keywordMatcherFor(set: { rulesByKeyword: Map<string, number[]> }): SetMatcher | null {
  let entry = forSet.get(set);
  if (entry === undefined) {
    const matcher = KeywordMatcher.build([...set.rulesByKeyword.keys()]);
    entry = matcher ? { matcher, rulesOf: [...set.rulesByKeyword.values()] } : null;
    forSet.set(set, entry);
  }
  return entry;
}

function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

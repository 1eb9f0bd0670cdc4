/**
 * Python's `shlex.split` (POSIX mode), which Cobbler uses to read `"k=v k2=v2"` strings and
 * lists such as `name_servers`. Quotes group words and are removed; an empty pair of quotes is
 * an empty word.
 */
export class ShlexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShlexError';
  }
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/** Splits `text` into words the way `shlex.split(text)` does. */
export function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (quote !== undefined) {
      if (ch === quote) {
        quote = undefined;
      } else if (quote === '"' && ch === '\\') {
        const next = escapedChar(text, i);
        word += next === '"' || next === '\\' ? next : `\\${next}`;
        i += 1;
      } else {
        word += ch;
      }
    } else if (WHITESPACE.has(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '\\') word += escapedChar(text, i++);
      else word += ch;
    }
  }
  if (quote !== undefined) throw new ShlexError('No closing quotation');
  if (inWord) words.push(word);
  return words;
}

function escapedChar(text: string, at: number): string {
  if (at + 1 >= text.length) throw new ShlexError('No escaped character');
  return text.charAt(at + 1);
}

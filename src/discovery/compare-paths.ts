/**
 * Orders strings by their UTF-8 bytes, the order `git ls-files` and `LC_ALL=C sort` use.
 * JavaScript's `<` compares UTF-16 code units, which disagrees with byte order once a path
 * holds characters beyond U+FFFF; shifting the code units fixes that without allocating.
 */
export function comparePaths(a: string, b: string): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return toCodePointOrder(x) - toCodePointOrder(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (U+D800–U+DFFF) above the rest of the BMP, where the code points they encode sort. */
function toCodePointOrder(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

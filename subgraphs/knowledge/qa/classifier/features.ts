// Features of a (masked) question for the intent classifier: the question becomes a token sequence
// (each Han character, each ASCII word, numbers as one token, each masked entity as its slot token such
// as {fault}), framed by start/end marks; features are the 1-, 2- and 3-grams of that sequence. Han
// characters as tokens give Chinese char n-grams without a segmenter; English gets word uni/bi/trigrams;
// slot tokens let the model learn the structure ("{symptom} 是什么意思") rather than names.

const TOKEN = /\{[a-z_]+\}|[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?|\p{Script=Han}|[?？吗呢]/gu;

export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(TOKEN)) {
    const t = m[0];
    out.push(/^\d/.test(t) ? '#n' : t === '？' ? '?' : t);
  }
  return out;
}

/** Distinct n-gram features (n = 1..3) of the token sequence, with ^/$ marks at the ends. */
export function features(text: string): string[] {
  const seq = ['^', ...tokens(text), '$'];
  const out = new Set<string>();
  for (let i = 0; i < seq.length; i++) {
    if (i > 0 && i < seq.length - 1) out.add(seq[i]!);
    if (i + 1 < seq.length) out.add(`${seq[i]} ${seq[i + 1]}`);
    if (i + 2 < seq.length) out.add(`${seq[i]} ${seq[i + 1]} ${seq[i + 2]}`);
  }
  return [...out];
}

// The synonym table: rewrites applied to both the question and every name and alias before matching,
// so that abbreviations and variants meet on one canonical form (主变压器 = 变压器 = 主变; 瓦斯继电器 = 瓦斯;
// TA = CT; TV = VT = PT; 刀闸 = 隔离开关; gas relay = Buchholz ...). Order matters: longer forms first.
export const SYNONYMS: [RegExp, string][] = [
  [/电流互感器|流变/g, 'ct'],
  [/电压互感器|压变/g, 'pt'],
  [/\bcurrent transformers?\b/g, 'ct'],
  [/\b(?:voltage|potential) transformers?\b/g, 'pt'],
  [/\bta\b/g, 'ct'],
  [/\b(?:tv|vt)s?\b/g, 'pt'],
  [/主变压器|(?<!主)变压器/g, '主变'],
  [/\b(?:main|power) transformers?\b/g, 'transformer'],
  [/\btransformers\b/g, 'transformer'],
  [/\bxfmrs?\b/g, 'transformer'],
  [/瓦斯继电器/g, '瓦斯'],
  [/\b(?:buchholz|gas) relays?\b/g, 'buchholz'],
  [/六氟化硫/g, 'sf6'],
  [/\bsf 6\b/g, 'sf6'],
  [/刀闸/g, '隔离开关'],
  [/\b(?:isolators?|disconnect switch(?:es)?)\b/g, 'disconnector'],
  [/\bcircuit breakers?\b/g, 'breaker'],
  [/\bbreakers\b/g, 'breaker'],
  [/\bcbs?\b/g, 'breaker'],
  [/油温高/g, '油温过高'],
  [/\btemp\b/g, 'temperature'],
  [/\bover-?temperature\b/g, 'overtemperature'],
  [/\b(?:tripped|trips|tripping)\b/g, 'trip'],
  [/\b(?:reclosing|reclosure|auto-reclose)\b/g, 'reclose'],
  [/\bground(?:ing)? faults?\b/g, 'earth fault'],
  [/\bearth faults\b/g, 'earth fault'],
  [/\balarms\b/g, 'alarm'],
  [/\bfaults\b/g, 'fault'],
  [/\bfuses? (?:blows?|blew)\b/g, 'fuse blown'],
  [/\bflash-?overs?\b/g, 'flashover'],
  [/\binsulators\b/g, 'insulator'],
  [/\bbus ?bars?\b/g, 'busbar'],
];

/** Lower-cased, NFKC, synonyms applied, whitespace collapsed. */
export function canonical(text: string): string {
  let t = text.normalize('NFKC').toLowerCase();
  for (const [pattern, to] of SYNONYMS) t = t.replace(pattern, to);
  return t.replace(/\s+/g, ' ').trim();
}

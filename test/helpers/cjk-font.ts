// Finds a font file that covers Chinese, for rendering test and benchmark images.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// A serif face first: in sans-serif faces capital I and lowercase l are the same glyph, so "AI" is
// legitimately read as "Al".
const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
];

/** A font file that covers Chinese: a known path, else whatever fontconfig lists for :lang=zh. */
export function findCjkFont(): string {
  const known = FONT_CANDIDATES.find((f) => existsSync(f));
  if (known) return known;
  try {
    const listed = execFileSync('fc-list', [':lang=zh', 'file'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.replace(/:\s*$/, '').trim())
      .filter((f) => /\.(ttc|ttf|otf)$/i.test(f) && existsSync(f));
    if (listed[0]) return listed[0];
  } catch {
    // fc-list missing: fall through
  }
  throw new Error('no CJK font found: install fonts-noto-cjk (apt-get install -y fonts-noto-cjk)');
}

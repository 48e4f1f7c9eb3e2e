// What the OCR page checks before sending an image: that it is a PNG or JPEG (by its first bytes, not its
// name), and that its base64 fits the gateway's 2 MiB GraphQL body limit (gateway/graphql-handler.ts):
// 4/3 × 1.5 MB = 2,000,000 characters, leaving room for the query around it.
export const MAX_IMAGE_BYTES = 1_500_000;

export type ImageCheck = { ok: true; base64: string } | { ok: false; problem: 'not-image' | 'too-large' };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

export async function checkImage(file: File): Promise<ImageCheck> {
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, problem: 'too-large' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!startsWith(bytes, PNG) && !startsWith(bytes, JPEG)) return { ok: false, problem: 'not-image' };
  return { ok: true, base64: toBase64(bytes) };
}

function toBase64(bytes: Uint8Array): string {
  // btoa takes a binary string; build it in chunks (spreading 1.5 MB at once overflows the call stack).
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(i + 0x8000, bytes.length)));
  return btoa(binary);
}

// The one-time code that unlocks a device link: 12 characters of Crockford's base32 (60 bits of
// randomness), shown as `K7QM-4TXP-9HDW`. Typing it is forgiving: case, spaces and dashes do not
// matter, and the letters people confuse with digits (O, I, L) read as those digits.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CODE_CHARS = 12
const GROUP_CHARS = 4

export function createLinkCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_CHARS))
  // 256 is a multiple of 32, so `byte % 32` is uniform: 5 random bits per character.
  const chars = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length] ?? '0').join('')
  return formatLinkCode(chars)
}

function formatLinkCode(chars: string): string {
  const groups: string[] = []
  for (let i = 0; i < chars.length; i += GROUP_CHARS) groups.push(chars.slice(i, i + GROUP_CHARS))
  return groups.join('-')
}

/** The code as it was made, from what a person typed; null when it cannot be one. */
export function normalizeLinkCode(typed: string): string | null {
  const chars = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (chars.length !== CODE_CHARS || [...chars].some((char) => !ALPHABET.includes(char))) return null
  return formatLinkCode(chars)
}

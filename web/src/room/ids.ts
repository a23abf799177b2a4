// Random ids. Room ids are the only secret a room has, so they come from crypto.getRandomValues.

const ROOM_ID = /^[A-Za-z0-9_-]{1,128}$/
/** 16 random bytes = 128 bits, written as 22 base64url characters. */
const ROOM_ID_BYTES = 16

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function randomId(byteLength: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(byteLength)))
}

/** An unguessable room id, valid as a relay room name. */
export function createRoomId(): string {
  return randomId(ROOM_ID_BYTES)
}

/** Whether `id` is a room name the relay accepts. */
export function isRoomId(id: string): boolean {
  return ROOM_ID.test(id)
}

/** The room id in a pasted link (`…/r/<id>`) or a bare id; null if there is none. */
export function roomIdFromLink(input: string): string | null {
  const text = input.trim()
  const match = /\/r\/([A-Za-z0-9_-]{1,128})\/?(?:[?#].*)?$/.exec(text)
  if (match?.[1]) return match[1]
  return isRoomId(text) ? text : null
}

// The STUN/TURN servers the app hands to WebRTC (`--ice-servers`), checked before the relay starts:
// the app trusts what /config.json says, so only the fields WebRTC reads, with URLs of ICE schemes.
export interface IceServer {
  urls: string[]
  username?: string
  credential?: string
}

const ICE_URL = /^(stun|stuns|turn|turns):[^\s]+$/

/** Parses `--ice-servers` JSON (an array of RTCIceServer); throws an Error saying what is wrong. */
export function parseIceServers(text: string): IceServer[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new Error('--ice-servers must be JSON, e.g. [{"urls":"stun:stun.example.org:3478"}]')
  }
  if (!Array.isArray(value)) throw new Error('--ice-servers must be a JSON array of servers')
  return value.map((server, index) => iceServer(server, index))
}

function iceServer(value: unknown, index: number): IceServer {
  const where = `--ice-servers[${index}]`
  if (typeof value !== 'object' || value === null) throw new Error(`${where} must be an object`)
  const { urls, username, credential } = value as Record<string, unknown>
  const list = typeof urls === 'string' ? [urls] : urls
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((url) => typeof url === 'string' && ICE_URL.test(url))
  ) {
    throw new Error(`${where}.urls must be stun:, stuns:, turn: or turns: URLs`)
  }
  const server: IceServer = { urls: list as string[] }
  if (username !== undefined) {
    if (typeof username !== 'string') throw new Error(`${where}.username must be a string`)
    server.username = username
  }
  if (credential !== undefined) {
    if (typeof credential !== 'string') throw new Error(`${where}.credential must be a string`)
    server.credential = credential
  }
  return server
}

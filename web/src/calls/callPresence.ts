// Who is in a room's call, read from presence (awareness): each participant's state carries a
// `call` field. Pure: takes the states map. The call is a mesh, so it holds at most `size` people
// (MAX_CALL_SIZE unless the relay says fewer); when more join at once, the first `size` (by when
// they joined) keep it.
import { MAX_CALL_SIZE } from '@parley/protocol'

/** What a participant publishes in its awareness state while in the call. */
export interface CallField {
  /** When this device joined (ms since the epoch, its own clock): orders who keeps a full call. */
  since: number
  audio: boolean
  video: boolean
  screen: boolean
}

export interface CallParticipant extends CallField {
  clientId: number
  /** The person's key. */
  userId: string
  name: string
  color: string
}

const COLOR = /^#[0-9a-fA-F]{6}$/

function readField(value: unknown): CallField | null {
  const call = (value as { call?: Partial<CallField> } | null)?.call
  if (typeof call !== 'object' || call === null) return null
  if (typeof call.since !== 'number' || !Number.isFinite(call.since)) return null
  return {
    since: call.since,
    audio: call.audio === true,
    video: call.video === true,
    screen: call.screen === true,
  }
}

/** Everyone in the call, in the order they joined (client id breaks ties). */
export function readCall(states: ReadonlyMap<number, unknown>): CallParticipant[] {
  const participants: CallParticipant[] = []
  for (const [clientId, value] of states) {
    const field = readField(value)
    const user = (value as { user?: { id?: unknown; name?: unknown; color?: unknown } } | null)?.user
    if (field === null || typeof user?.id !== 'string') continue
    const name = typeof user.name === 'string' && user.name !== '' ? user.name.slice(0, 64) : 'Someone'
    const color = typeof user.color === 'string' && COLOR.test(user.color) ? user.color : '#868e96'
    participants.push({ ...field, clientId, userId: user.id, name, color })
  }
  return participants.sort((a, b) => a.since - b.since || a.clientId - b.clientId)
}

/** The participants who hold the call: the first `size` to join. */
export function callMembers(
  participants: readonly CallParticipant[],
  size = MAX_CALL_SIZE,
): CallParticipant[] {
  return participants.slice(0, size)
}

/** Whether the call is full for someone not yet in it. */
export function callIsFull(
  participants: readonly CallParticipant[],
  myClientId: number,
  size = MAX_CALL_SIZE,
): boolean {
  return participants.filter((p) => p.clientId !== myClientId).length >= size
}

/**
 * Perfect negotiation needs one polite side per pair, decided the same way on both: the peer whose
 * key sorts later is polite; two devices of one person compare client ids.
 */
export function isPolite(
  mine: { key: string; clientId: number },
  theirs: { key: string; clientId: number },
): boolean {
  if (mine.key !== theirs.key) return mine.key > theirs.key
  return mine.clientId > theirs.clientId
}

/** Whether two call lists show the same people with the same media (to skip needless renders). */
export function sameCall(a: readonly CallParticipant[], b: readonly CallParticipant[]): boolean {
  const key = (list: readonly CallParticipant[]) =>
    list.map((p) => `${p.clientId}|${p.since}|${p.name}|${p.color}|${p.audio}${p.video}${p.screen}`).join(',')
  return key(a) === key(b)
}

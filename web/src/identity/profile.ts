// A person's own profile as this device keeps it: what their `profile` entries say, and the `seq`
// the last one was written with. The rules for which profile is current are the fold's
// (room/profiles.ts); this module decides what this device does about its own.
import { type Attachment, type ProfileDraft, type ProfileEntry, USER_COLORS } from '../room'

export type LocalProfile = ProfileDraft

export function randomColor(): string {
  const index = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0
  return USER_COLORS[index % USER_COLORS.length] ?? '#1971c2'
}

function sameAttachment(a: Attachment | null, b: Attachment | null): boolean {
  return a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b))
}

/** Same name, colour, avatar and status (whatever the seq). */
export function sameContent(a: Omit<LocalProfile, 'seq'>, b: Omit<LocalProfile, 'seq'>): boolean {
  return (
    a.name === b.name &&
    a.color === b.color &&
    (a.status ?? null) === (b.status ?? null) &&
    sameAttachment(a.avatar, b.avatar)
  )
}

/** A fixed order of contents, so two devices that tie on seq settle on the same one. */
function contentKey(profile: Omit<LocalProfile, 'seq'>): string {
  return JSON.stringify([profile.name, profile.color, profile.status ?? '', profile.avatar?.hash ?? ''])
}

export type ProfileStep =
  | { kind: 'none' }
  /** Another device of this person wrote a newer profile: take it as this device's. */
  | { kind: 'adopt'; profile: LocalProfile }
  /** The room lacks this device's current profile: write it (with this seq). */
  | { kind: 'write'; profile: LocalProfile }

/**
 * What to do about one's own profile in a room whose current profile for one's key is `inRoom`.
 * A newer one (higher seq) is adopted. On a tie with other contents (two devices changed it
 * offline) both devices settle on the same contents (the greater by a fixed order) and the one
 * holding them writes it again one higher, so every room converges on it. A room without one's
 * profile, or with an older one, gets the current one.
 */
export function reconcileProfile(
  local: LocalProfile,
  inRoom: ProfileEntry | undefined,
  /** This identity's X25519 public key: a room whose current profile lacks it gets one that has it. */
  dh: string | null = null,
): ProfileStep {
  if (inRoom === undefined || inRoom.seq < local.seq) return { kind: 'write', profile: local }
  const theirs: LocalProfile = {
    seq: inRoom.seq,
    name: inRoom.name,
    color: inRoom.color,
    avatar: inRoom.avatar,
    status: inRoom.status,
  }
  if (inRoom.seq > local.seq) return { kind: 'adopt', profile: theirs }
  if (sameContent(local, theirs)) {
    return dh === null || inRoom.dh === dh
      ? { kind: 'none' }
      : { kind: 'write', profile: { ...local, seq: local.seq + 1 } }
  }
  if (contentKey(theirs) > contentKey(local)) return { kind: 'adopt', profile: theirs }
  return { kind: 'write', profile: { ...local, seq: local.seq + 1 } }
}

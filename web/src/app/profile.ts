// The local user: a random id and colour made on first visit, and a name they choose. Kept in
// localStorage; nothing about the user leaves the device except through the entries they write.
import { checkName, randomId, USER_COLORS } from '../room'

const PROFILE_KEY = 'parley.profile'

export interface Profile {
  id: string
  name: string
  color: string
}

function randomColor(): string {
  const index = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0
  return USER_COLORS[index % USER_COLORS.length] ?? '#1971c2'
}

/** The stored profile, or a new nameless one (name '') that the caller must complete. */
export function loadProfile(storage: Storage = localStorage): Profile {
  try {
    const saved = JSON.parse(storage.getItem(PROFILE_KEY) ?? 'null') as Partial<Profile> | null
    if (saved && typeof saved.id === 'string' && typeof saved.color === 'string') {
      return { id: saved.id, color: saved.color, name: typeof saved.name === 'string' ? saved.name : '' }
    }
  } catch {
    // A corrupt profile is replaced by a fresh one.
  }
  const profile = { id: randomId(12), name: '', color: randomColor() }
  storage.setItem(PROFILE_KEY, JSON.stringify(profile))
  return profile
}

/** Saves a new name; returns the error to show instead if the name is not acceptable. */
export function saveName(profile: Profile, name: string, storage: Storage = localStorage): Profile | string {
  const trimmed = name.trim()
  const error = checkName(trimmed)
  if (error !== null) return error
  const next = { ...profile, name: trimmed }
  storage.setItem(PROFILE_KEY, JSON.stringify(next))
  return next
}

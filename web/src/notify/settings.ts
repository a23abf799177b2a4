// Per-room notification settings, kept on this device only.

export type NotifyLevel = 'all' | 'mentions' | 'mute'

export const DEFAULT_LEVEL: NotifyLevel = 'mentions'
const KEY_PREFIX = 'parley.notify.'
const LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'mute']

export function loadLevel(roomId: string, storage: Storage = localStorage): NotifyLevel {
  const saved = storage.getItem(KEY_PREFIX + roomId)
  return LEVELS.find((level) => level === saved) ?? DEFAULT_LEVEL
}

export function saveLevel(roomId: string, level: NotifyLevel, storage: Storage = localStorage): void {
  if (level === DEFAULT_LEVEL) storage.removeItem(KEY_PREFIX + roomId)
  else storage.setItem(KEY_PREFIX + roomId, level)
}

/** Whether a message raises a desktop notification at this level. */
export function shouldNotify(level: NotifyLevel, mentionsMe: boolean): boolean {
  return level === 'all' || (level === 'mentions' && mentionsMe)
}

import { useCallback, useState } from 'react'
import { DEFAULT_LEVEL, loadLevel, type NotifyLevel, saveLevel } from './settings'

/**
 * The room's notification level on this device, and its setter (which saves it). `toggleMute`
 * mutes, or unmutes back to the level the room had before (the default if it was never set).
 */
export function useNotifyLevel(roomId: string) {
  const [level, setState] = useState(() => loadLevel(roomId))
  const [beforeMute, setBeforeMute] = useState<NotifyLevel>(DEFAULT_LEVEL)
  const setLevel = useCallback(
    (next: NotifyLevel) => {
      setState(next)
      saveLevel(roomId, next)
    },
    [roomId],
  )
  const toggleMute = useCallback(() => {
    if (level === 'mute') setLevel(beforeMute)
    else {
      setBeforeMute(level)
      setLevel('mute')
    }
  }, [level, beforeMute, setLevel])
  return { level, setLevel, toggleMute }
}

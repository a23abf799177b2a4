import { useCallback, useEffect, useState } from 'react'
import { RoomPage } from '../chat/RoomPage'
import { HomePage } from '../home/HomePage'
import { NameForm } from '../home/NameForm'
import { loadProfile, type Profile, saveName } from './profile'
import { navigate, useRoute } from './route'

/** Same-origin links navigate inside the app instead of reloading it. */
function useInternalLinks(): void {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
        return
      const anchor = (event.target as Element | null)?.closest?.('a')
      const href = anchor?.getAttribute('href')
      if (!anchor || !href?.startsWith('/') || anchor.target) return
      event.preventDefault()
      navigate(href)
    }
    document.addEventListener('click', onClick)
    return () => document.removeEventListener('click', onClick)
  }, [])
}

export function App() {
  const [profile, setProfile] = useState<Profile>(() => loadProfile())
  const route = useRoute()
  useInternalLinks()
  const save = useCallback(
    (name: string) => {
      const result = saveName(profile, name)
      if (typeof result === 'string') return result
      setProfile(result)
      return null
    },
    [profile],
  )
  if (profile.name === '') {
    return (
      <main className="welcome">
        <h1>Welcome to Parley</h1>
        <p>Pick the name others will see. It stays on this device.</p>
        <NameForm name="" save={save} submitLabel="Continue" />
      </main>
    )
  }
  if (route.page === 'room') {
    return <RoomPage key={route.roomId} roomId={route.roomId} me={profile} focusEntryId={route.entryId} />
  }
  return <HomePage me={profile} saveName={save} />
}

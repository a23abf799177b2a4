// Calls ringing from direct messages that are not the room open in this tab: a contact in a call in
// the room the two of you share is calling you (dm/contactPresence.ts). Rings with a sound, and a
// notification when the tab is hidden; "Answer" opens the room and joins the call. The open room's
// own calls ring from its call panel (useRinging).
import { useEffect, useState } from 'react'
import { navigate, roomPath } from '../app/route'
import type { ContactView } from '../dm/useDirectMessages'
import { showNotification } from '../notify/desktop'
import { answerWhenOpen } from './answerIntent'
import { startRinging } from './ringing'
import './calls.css'

interface IncomingCallsProps {
  contacts: readonly ContactView[]
  currentRoomId: string | null
}

export function IncomingCalls({ contacts, currentRoomId }: IncomingCallsProps) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())
  const calling = contacts.filter((contact) => contact.calling && contact.room !== currentRoomId)
  const ringing = calling.filter((contact) => !dismissed.has(contact.key))
  // A dismissal lasts as long as that call: the contact's next call rings again.
  const callingKeys = calling.map((contact) => contact.key).join(',')
  useEffect(() => {
    const still = new Set(callingKeys.split(','))
    setDismissed((before) => {
      const kept = [...before].filter((key) => still.has(key))
      return kept.length === before.size ? before : new Set(kept)
    })
  }, [callingKeys])
  const first = ringing[0]
  // Contacts are new objects on every presence change: the ring follows who calls, not them.
  const caller = first === undefined ? null : { name: first.name, room: first.room }
  const callerText = caller === null ? '' : JSON.stringify(caller)
  useEffect(() => {
    if (callerText === '') return
    const { name, room } = JSON.parse(callerText) as { name: string; room: string }
    const stop = startRinging()
    if (document.visibilityState === 'hidden') {
      showNotification(`${name} is calling`, 'Direct message', `call:${room}`, () => navigate(roomPath(room)))
    }
    return stop
  }, [callerText])
  if (first === undefined) return null
  const answer = () => {
    answerWhenOpen(first.room)
    navigate(roomPath(first.room))
  }
  return (
    <section className="call-bar call-bar-ringing call-incoming" aria-label="Incoming call">
      <span className="call-bar-text" aria-live="assertive">
        {first.name} is calling
      </span>
      <button type="button" onClick={answer}>
        Answer
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => setDismissed((before) => new Set([...before, first.key]))}
      >
        Dismiss
      </button>
    </section>
  )
}

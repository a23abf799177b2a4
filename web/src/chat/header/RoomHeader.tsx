import { type ReactNode, useState } from 'react'
import { CallButton } from '../../calls/CallPanel'
import type { CallSession } from '../../calls/callSession'
import { useNotifyLevel } from '../../notify/useNotifyLevel'
import { type Author, colorFromId, type RoomSnapshot, type ThreadView, type TimelineItem } from '../../room'
import { SearchPanel } from '../../search/SearchPanel'
import { Avatar } from '../../ui/Avatar'
import { MenuButton } from '../../ui/Menu'
import type { Presence } from '../presence'
import { OnlineFaces } from './OnlineFaces'
import { RoomSettings } from './RoomSettings'
import { useCopyLink } from './useCopyLink'

interface RoomHeaderProps {
  roomId: string
  title: string | null
  topic: string | null
  setTitle(title: string): string | null
  setTopic(topic: string): string | null
  presence: Presence
  memberCount: number
  /** The room's messages, for searching this room. */
  timeline: readonly TimelineItem[]
  threads?: ReadonlyMap<string, ThreadView>
  /** The pinned messages' button and list (pins/PinnedList.tsx). */
  pinned?: ReactNode
  /** Verified profiles by key: who is online is shown as their profile says. */
  people: ReadonlyMap<string, Author>
  verification: RoomSnapshot['verification']
  onShowAuthor(author: Author): void
  /** More settings of the room, shown in its settings dialog (who may change the title and topic). */
  settingsExtra?: ReactNode
  call: CallSession
}

function CopyFeedback({ state }: { state: ReturnType<typeof useCopyLink>['state'] }) {
  const link = location.origin + location.pathname
  return (
    <span className="copy-feedback" aria-live="polite">
      {state === 'copied' ? 'Link copied' : null}
      {state === 'failed' ? (
        <input readOnly value={link} aria-label="Room link" onFocus={(e) => e.target.select()} />
      ) : null}
    </span>
  )
}

/**
 * The room's title, topic, members and who is here; search; and a menu (copy link, mute, room
 * settings) so that nothing but the conversation sits between the header and the composer.
 */
export function RoomHeader(props: RoomHeaderProps) {
  const { roomId, title, topic, presence, timeline, threads, people } = props
  const [searching, setSearching] = useState(false)
  const [settings, setSettings] = useState(false)
  const { level, setLevel, toggleMute } = useNotifyLevel(roomId)
  const copyLink = useCopyLink()
  const name = title ?? 'Untitled room'
  const members = `${props.memberCount} ${props.memberCount === 1 ? 'member' : 'members'}`
  return (
    <header className="room-header">
      <div className="room-title-row">
        <a className="back-link" href="/" aria-label="All rooms">
          ←
        </a>
        <Avatar name={name} color={colorFromId(roomId)} avatar={null} size="medium" shape="square" />
        <div className="room-heading">
          <h1>{name}</h1>
          <p className="room-subline">
            <span className="member-count">{members}</span>
            {topic ? <span className="room-topic">{topic}</span> : null}
          </p>
        </div>
        <OnlineFaces presence={presence} people={people} onShow={props.onShowAuthor} />
        <CopyFeedback state={copyLink.state} />
        {props.pinned}
        <CallButton call={props.call} />
        <button
          type="button"
          className="secondary"
          aria-expanded={searching}
          onClick={() => setSearching((was) => !was)}
        >
          Search
        </button>
        <MenuButton
          label="Room options"
          items={[
            { label: 'Copy link', onSelect: copyLink.copy },
            { label: 'Mute room', checked: level === 'mute', onSelect: toggleMute },
            { label: 'Room settings', onSelect: () => setSettings(true) },
          ]}
        >
          <span aria-hidden="true">⋯</span>
        </MenuButton>
      </div>
      {searching ? (
        <SearchPanel
          open={{ roomId, title, timeline, threads, people }}
          onChoose={() => setSearching(false)}
          autoFocus
        />
      ) : null}
      {settings ? (
        <RoomSettings
          title={title}
          topic={topic}
          setTitle={props.setTitle}
          setTopic={props.setTopic}
          level={level}
          setLevel={setLevel}
          verification={props.verification}
          unverified={timeline.some((item) => !item.author.verified)}
          onClose={() => setSettings(false)}
          extra={props.settingsExtra}
        />
      ) : null}
    </header>
  )
}

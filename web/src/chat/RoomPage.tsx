import { LEVEL_OWNER } from '@parley/protocol'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { updateRoom } from '../app/roomIndex'
import type { RoomPool } from '../app/roomPool'
import { summaryOfView } from '../app/roomSummary'
import { CallPanel } from '../calls/CallPanel'
import { MessagePrivately } from '../dm/MessagePrivately'
import { useDirectMessagesContext } from '../dm/useDirectMessages'
import { ModerationControls } from '../moderation/ModerationControls'
import { levelIn } from '../moderation/moderationFold'
import { PolicyForm } from '../moderation/PolicyForm'
import { canModerate, whyCannotWrite } from '../moderation/permissions'
import { useRoomActivity } from '../notify/useRoomActivity'
import { ProfileCard } from '../people/ProfileCard'
import { PinnedList } from '../pins/PinnedList'
import { usePins } from '../pins/usePins'
import { useUnreadMarker } from '../readState/useUnreadMarker'
import { useReceipts } from '../receipts/useReceipts'
import { otherMemberNames } from '../richtext/roomMentions'
import type { Author, MessageItem } from '../room'
import { ThreadPane } from '../threads/ThreadPane'
import { useThreadCounts } from '../threads/useThreadCounts'
import { useThreadFocus } from '../threads/useThreadFocus'
import { ConnectionBadge } from '../ui/ConnectionBadge'
import { Composer } from './Composer'
import { TypingLine } from './header/OnlineFaces'
import { RoomHeader } from './header/RoomHeader'
import { MessageList } from './MessageList'
import { ComposeExtras, useCompose } from './message/useCompose'
import { KeptEntries } from './refusal/KeptEntries'
import { RefusalBanner } from './refusal/RefusalBanner'
import { useRefusals } from './refusal/useRefusals'
import type { RoomController } from './roomController'
import { useEditing } from './useEditing'
import { useConnection, usePooledController, usePresence, useRoomView } from './useRoom'

/** Who is reading, as the page needs it: their key and their name (for mentions). */
interface Reader {
  id: string
  name: string
}

interface RoomPageProps {
  roomId: string
  /** The rooms open in this tab: the page shows one, and others stay open for a quick return. */
  pool: RoomPool<RoomController>
  me: Reader
  /** A message to show (from the URL's hash). */
  focusEntryId?: string | null
}

/**
 * True once the history is loaded and fully verified, and from then on: before that, "new"
 * messages are only history arriving (or being verified), so counts and notifications wait.
 */
function useHistoryReady(loaded: boolean, pending: number): boolean {
  const ready = useRef(false)
  if (loaded && pending === 0) ready.current = true
  return ready.current
}

export function RoomPage(props: RoomPageProps) {
  // A repair deletes this device's copy of the room, which is then opened again from scratch: a
  // new key, so nothing built on the old copy (controller, fold, scroll position) outlives it.
  const [opening, setOpening] = useState(0)
  const { pool, roomId } = props
  const reopen = useCallback(() => {
    pool.forget(roomId)
    setOpening((n) => n + 1)
  }, [pool, roomId])
  return <RoomSession key={opening} {...props} reopen={reopen} />
}

function RoomSession({ roomId, pool, me, focusEntryId = null, reopen }: RoomPageProps & { reopen(): void }) {
  const controller = usePooledController(pool, roomId)
  if (controller === null) return <p className="loading">Opening room…</p>
  return <OpenRoom controller={controller} me={me} focusEntryId={focusEntryId} reopen={reopen} />
}

function OpenRoom({
  controller,
  me,
  focusEntryId,
  reopen,
}: {
  controller: RoomController
  me: Reader
  focusEntryId: string | null
  reopen(): void
}) {
  const view = useRoomView(controller)
  const state = useConnection(controller)
  const presence = usePresence(controller)
  const { roomId } = controller
  // Before the history is loaded the view is a preview of the newest entries: its counts are not
  // the room's, so the room list and the read count wait for the full, verified view.
  const loaded = useHistoryReady(state.loaded, view.verification.pending)
  const compose = useCompose(controller)
  const refusals = useRefusals(controller, me.id, reopen)
  const editing = useEditing(view.timeline, me.id)
  const [card, setCard] = useState<Author | null>(null)
  const closeCard = useCallback(() => setCard(null), [])
  const silenced = whyCannotWrite(view.moderation, me.id)
  // A direct message has no title of its own: it is named after the other person.
  const directContact = useDirectMessagesContext()?.contacts.find((contact) => contact.room === roomId)
  const board = usePins(controller)
  const rowPins = useMemo(() => {
    const pinned = new Set(board.pins.map((pin) => pin.target))
    // Offered only to people who may pin; what else stops a write (a refused entry) is in the banner.
    const setPin = (target: string, on: boolean) => void controller.setPin(target, on)
    return { isPinned: (id: string) => pinned.has(id), ...(board.mayPin(me.id) ? { setPin } : {}) }
  }, [board, controller, me.id])
  const [threadRoot, setThreadRoot] = useState<string | null>(null)
  /** A reply to show in the open thread (a search hit, say). */
  const [threadFocus, setThreadFocus] = useState<string | null>(null)
  const openThread = useCallback((rootId: string, replyId: string | null = null) => {
    setThreadRoot(rootId)
    setThreadFocus(replyId)
  }, [])
  const closeThread = useCallback(() => setThreadRoot(null), [])
  useThreadFocus(focusEntryId, view.threads, openThread)
  const { moderation } = view
  // Replies in a thread get the room's message actions: react, edit and delete one's own, pin, and
  // hide for moderators above their author.
  const threadActions = useMemo(
    () => ({
      ...controller.messages,
      reply: compose.reply,
      jumpTo: () => {},
      showAuthor: setCard,
      setEditing: () => {},
      canHide: (item: MessageItem) => canModerate(moderation, me.id, item.author.id),
      hide: (item: MessageItem, on: boolean) => void controller.moderation.hide(item.entryId, on),
      ...rowPins,
    }),
    [controller.messages, controller.moderation, compose.reply, moderation, me.id, rowPins],
  )

  // Only what the room list shows: a reaction or an edit does not rewrite it.
  const { title, preview, lastMessageAt, messageCount } = summaryOfView(view)
  useEffect(() => {
    if (!loaded) return
    updateRoom(roomId, { title, preview, lastMessageAt, messageCount, visitedAt: Date.now() })
  }, [roomId, title, preview, lastMessageAt, messageCount, loaded])

  useRoomActivity(roomId, view, loaded, me)
  useThreadCounts(roomId, view, loaded, me)

  // Where the first unread message is can be told once the room holds what this device has (or,
  // on a device that has nothing yet, what the relay has: there "loaded" comes before the history).
  const settled = loaded && view.verification.pending === 0 && (state.synced || view.messageCount > 0)
  const unread = useUnreadMarker(roomId, view, settled)
  const { read, landed } = unread
  // A preview's counts are of a part of the room: no receipt from them.
  const readUpTo = view.placement === undefined ? view.messageCount - unread.unread : 0
  const seenBy = useReceipts(controller, view, me.id, readUpTo)
  // Reads count once the list has landed on the first unread message, not at the bottom before.
  const onRead = useCallback(
    (readCount: number) => {
      if (loaded && landed) read(readCount)
    },
    [loaded, landed, read],
  )
  return (
    <main className="room" aria-label={view.title ?? 'Untitled room'}>
      <RoomHeader
        roomId={roomId}
        title={view.title ?? directContact?.name ?? null}
        topic={view.topic}
        setTitle={controller.setTitle}
        setTopic={controller.setTopic}
        presence={presence}
        memberCount={view.members.size}
        timeline={view.timeline}
        threads={view.threads}
        pinned={
          <PinnedList
            roomId={roomId}
            board={board}
            timeline={view.timeline}
            threads={view.threads}
            version={view.version}
            myId={me.id}
            setPin={rowPins.setPin ?? (() => {})}
          />
        }
        people={view.people}
        verification={view.verification}
        onShowAuthor={setCard}
        settingsExtra={
          levelIn(view.moderation, me.id) >= LEVEL_OWNER ? (
            <PolicyForm moderation={view.moderation} actions={controller.moderation} />
          ) : null
        }
        call={controller.call}
      />
      <CallPanel
        call={controller.call}
        room={{ id: roomId, title: view.title ?? 'Untitled room' }}
        myKey={me.id}
      />
      <ConnectionBadge status={state.status} error={state.error} notice={state.unavailable} />
      {refusals.banner ? (
        <RefusalBanner
          text={refusals.banner}
          phase={refusals.phase}
          problem={refusals.problem}
          canRepair={refusals.canRepair}
          onExport={refusals.exportFile}
          onRepair={refusals.repair}
        />
      ) : null}
      {silenced && view.moderation.banned.has(me.id) ? (
        // Looks like the refusal banner: both say the relay will not take what you write here.
        <p className="refusal-banner" role="alert">
          {silenced}
        </p>
      ) : null}
      {refusals.kept.length > 0 ? <KeptEntries kept={refusals.kept} onExport={refusals.exportFile} /> : null}
      {!state.loaded && view.timeline.length > 0 ? (
        <p className="history-pending">
          <span>Loading older messages…</span>
        </p>
      ) : null}
      {state.loaded && view.timeline.length === 0 && view.verification.pending > 0 ? (
        <p className="loading">Verifying history…</p>
      ) : state.loaded || view.timeline.length > 0 ? (
        <MessageList
          view={view}
          durable={state.durable}
          refusals={state.refusals}
          myId={me.id}
          onRead={onRead}
          messages={controller.messages}
          moderate={controller.moderation}
          onReply={compose.reply}
          onShowAuthor={setCard}
          uploads={compose.uploader}
          focusEntryId={focusEntryId}
          editingId={editing.editingId}
          setEditing={editing.setEditing}
          reveal={editing.reveal}
          unread={unread}
          onOpenThread={openThread}
          pins={rowPins}
          seenBy={seenBy}
        />
      ) : (
        <p className="loading">Loading history…</p>
      )}
      <TypingLine presence={presence} people={view.people} />
      <ComposeExtras compose={compose} />
      <Composer
        send={compose.send}
        setTyping={controller.setTyping}
        members={otherMemberNames(view.members, me.id)}
        blocked={refusals.blocked ?? silenced}
        onEditLast={editing.editLast}
        onCancel={() => compose.setReplyTo(null)}
      />
      {threadRoot !== null ? (
        <ThreadPane
          rootId={threadRoot}
          focusId={threadFocus}
          view={view}
          controller={controller}
          myId={me.id}
          actions={threadActions}
          blocked={refusals.blocked}
          onClose={closeThread}
        />
      ) : null}
      {card ? (
        <ProfileCard
          author={card}
          isMe={card.id === me.id}
          onClose={closeCard}
          actions={
            card.verified ? (
              <>
                <MessagePrivately author={card} onDone={closeCard} />
                <ModerationControls
                  moderation={view.moderation}
                  actions={controller.moderation}
                  me={me.id}
                  target={card.id}
                  name={card.name}
                />
              </>
            ) : null
          }
        />
      ) : null}
    </main>
  )
}

// "Answer" on a call ringing from another page: the call belongs to the room's page, which is not
// open yet, so the intent waits here until that room's call panel mounts and takes it. Per tab and
// in memory only, like the active calls it follows (activeCalls.ts).
const answering = new Set<string>()

export function answerWhenOpen(roomId: string): void {
  answering.add(roomId)
}

/** Whether the room was opened to answer its call; the intent is used up either way. */
export function takeAnswer(roomId: string): boolean {
  return answering.delete(roomId)
}

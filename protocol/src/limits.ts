// Limits both sides must agree on: the app checks them before it writes, the relay enforces them.

/** The JSON of one log entry, in UTF-8 bytes. */
export const MAX_ENTRY_BYTES = 16 * 1024
/** One client's presence state (name, colour, typing) as JSON, in UTF-8 bytes. */
export const MAX_AWARENESS_STATE_BYTES = 4 * 1024

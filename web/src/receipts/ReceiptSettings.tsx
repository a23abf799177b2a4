import { setSharesReceipts, useSharesReceipts } from './receiptSetting'

/** The settings section that turns read receipts on or off. */
export function ReceiptSettings() {
  const on = useSharesReceipts()
  return (
    <section className="settings-section" aria-labelledby="receipts-heading">
      <h2 id="receipts-heading">Read receipts</h2>
      <label>
        <input type="checkbox" checked={on} onChange={(event) => setSharesReceipts(event.target.checked)} />{' '}
        Share read receipts
      </label>
      <p className="hint">
        When on, the people in a room who share theirs too see how far you have read (“Seen by” under a
        message), and you see theirs. Each room gets at most one signed entry from you every ten seconds while
        you read.
      </p>
    </section>
  )
}

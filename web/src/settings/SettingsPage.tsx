import type { Identity, IdentityManager } from '../identity/identity'
import { useFingerprint } from '../identity/useIdentity'
import { PushControl } from '../push/PushControl'
import { ReceiptSettings } from '../receipts/ReceiptSettings'
import { ExportIdentity, ImportIdentity } from './IdentityFile'
import { LinkDevice } from './LinkDevice'
import { ProfileForm } from './ProfileForm'
import './settings.css'

/** The person's profile and identity: what others see, the safety number, and moving it. */
export function SettingsPage({ manager, identity }: { manager: IdentityManager; identity: Identity }) {
  const fingerprint = useFingerprint(identity.key)
  return (
    <main className="settings">
      <a className="back-link" href="/">
        ← All rooms
      </a>
      <h1>Settings</h1>
      <section className="settings-section" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Your profile</h2>
        <p>Everyone in your rooms sees this. A change reaches each room the next time you open it.</p>
        <ProfileForm key={identity.key} profile={identity.profile} save={manager.updateProfile} />
      </section>
      <section className="settings-section" aria-labelledby="safety-heading">
        <h2 id="safety-heading">Your safety number</h2>
        <p className="fingerprint">{fingerprint ?? '…'}</p>
        <p>
          Others see this number on your profile card. When you meet or call them, compare it: the same number
          on both screens means that what they read under your name is yours.
        </p>
      </section>
      <PushControl myKey={identity.key} />
      <LinkDevice manager={manager} />
      <ReceiptSettings />
      <section className="settings-section" aria-labelledby="export-heading">
        <h2 id="export-heading">Export identity</h2>
        <p>
          A file that holds your identity, encrypted with a passphrase you choose: a backup, or a way to move
          it.
        </p>
        <ExportIdentity manager={manager} />
      </section>
      <section className="settings-section" aria-labelledby="import-heading">
        <h2 id="import-heading">Import identity</h2>
        <p>
          Replaces the identity on this device ({identity.profile.name}) with the one in an exported file.
        </p>
        <ImportIdentity manager={manager} />
      </section>
      <section className="settings-section" aria-labelledby="lost-heading">
        <h2 id="lost-heading">If you lose a device</h2>
        <p>
          Your identity is one key, copied to each of your devices. Whoever holds a lost device can write as
          you, so after losing one, make a new identity (clear this site’s data, then pick your name again)
          and tell the people you talk to your new safety number.
        </p>
      </section>
    </main>
  )
}

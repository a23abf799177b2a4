import { NameForm } from '../home/NameForm'
import type { IdentityManager } from '../identity/identity'
import { ImportIdentity } from './IdentityFile'
import './settings.css'

/** First run on a device: a new identity ("Pick your name"), or the one from another device. */
export function Welcome({ manager }: { manager: IdentityManager }) {
  return (
    <main className="welcome">
      <h1>Welcome to Parley</h1>
      <p>Pick the name others will see. You can add a picture and a status later in Settings.</p>
      <NameForm name="" save={manager.create} submitLabel="Continue" />
      <details className="existing-identity">
        <summary>I already use Parley on another device</summary>
        <p>
          On that device, open <strong>Settings</strong> and choose <strong>Link another device</strong>, then
          open the link here and type its code. Or import an identity file you exported:
        </p>
        <ImportIdentity manager={manager} />
      </details>
    </main>
  )
}

// Imported by main.tsx before the app: a `#token=` link is read before any room connects.
import { captureTokenFromLocation } from './accessToken'

captureTokenFromLocation()

// @parley/protocol: what the relay and the app both speak.
export * from './blobRules.js'
export * from './envelope.js'
export * from './limits.js'
export * from './presenceProof.js'
export * from './refusal.js'
export * from './roomRules.js'
export * from './signal.js'
export * from './wire.js'

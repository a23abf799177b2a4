import { describeStoreContract } from './contract.js'
import { createMemoryStore } from './memoryStore.js'

describeStoreContract('memory', { open: async () => createMemoryStore(), reopen: null })

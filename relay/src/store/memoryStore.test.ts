import { describeRoomStoreContract } from './contract.js'
import { createMemoryStore } from './memoryStore.js'

describeRoomStoreContract('memory', { open: async () => createMemoryStore(), reopen: null })

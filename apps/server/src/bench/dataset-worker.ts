// A worker thread of the dataset load: draws and seals the people of one division at a time
// (dataset-members.ts) and posts them back as COPY text, chunk by chunk, while the main thread
// writes the previous chunks.
import { parentPort, workerData } from 'node:worker_threads'
import { memberChunks, type MemberChunk, type PlannedBranch } from './dataset-members.ts'

export interface WorkerSetup {
  seed: number
  todayMs: number
  encryptionKey: Uint8Array
  chunkSize: number
}
export type WorkerTask = { task: number; branches: PlannedBranch[] } | { stop: true }
export type WorkerReply = { task: number; chunk: MemberChunk } | { task: number; end: true }

const setup = workerData as WorkerSetup
const port = parentPort!
port.on('message', (msg: WorkerTask) => {
  if ('stop' in msg) {
    port.close()
    return
  }
  for (const chunk of memberChunks(msg.branches, {
    seed: setup.seed,
    today: new Date(setup.todayMs),
    encryptionKey: Buffer.from(setup.encryptionKey),
    chunkSize: setup.chunkSize,
  }))
    port.postMessage({ task: msg.task, chunk } satisfies WorkerReply)
  port.postMessage({ task: msg.task, end: true } satisfies WorkerReply)
})

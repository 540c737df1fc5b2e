// A TCP port of 127.0.0.1 that nothing listens on now, for a daemon that must be told its address before it starts
// (docker-registry takes no port 0). Another process may take it in between: the caller's start check says so.
import { createServer } from 'node:net'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port on 127.0.0.1'))))
    })
  })
}

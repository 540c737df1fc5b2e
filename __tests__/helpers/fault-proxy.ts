// An HTTP proxy in front of the test registry that injects faults: answers some requests with an error status
// (503, 429 with Retry-After), drops the connection, or never answers, and passes the rest through. It also counts
// requests.
import { createServer, request as httpRequest, IncomingMessage, ServerResponse } from 'node:http'
import { AddressInfo } from 'node:net'

export interface FaultRule {
  method: string
  path: RegExp
  /** How many matching requests get the fault; Infinity for a registry that refuses for good. */
  times: number
  /** `hang`: the request is taken and never answered. */
  fault: { status: number; headers?: Record<string, string>; body?: string } | 'drop' | 'hang'
  /** The rule applies only once a request like this one has gone through (answered below 400). */
  after?: { method: string; path: RegExp }
}

export interface FaultProxy {
  /** `127.0.0.1:<port>` */
  host: string
  rules: FaultRule[]
  /** `METHOD path status` of every request, faults included. */
  requests: string[]
  /** When each request arrived (ms since the epoch), in the order of `requests`. */
  arrivals: number[]
  close(): Promise<void>
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const proxy: FaultProxy = { host: '', rules: [], requests: [], arrivals: [], close: async () => undefined }
  const [targetHost, targetPort] = target.split(':')
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const arrived = Date.now()
    const record = (line: string): void => {
      proxy.requests.push(line)
      proxy.arrivals.push(arrived)
    }
    const passed = (after: FaultRule['after']): boolean =>
      !after ||
      proxy.requests.some((line) => {
        const [method, url, status] = line.split(' ')
        return method === after.method && after.path.test(url) && Number(status) < 400
      })
    const rule = proxy.rules.find((r) => r.times > 0 && r.method === incoming.method && r.path.test(incoming.url ?? '') && passed(r.after))
    if (rule) {
      rule.times--
      if (rule.fault === 'hang') {
        record(`${incoming.method} ${incoming.url} hung`)
        incoming.resume()
        return
      }
      if (rule.fault === 'drop') {
        record(`${incoming.method} ${incoming.url} dropped`)
        incoming.socket.destroy()
        return
      }
      record(`${incoming.method} ${incoming.url} ${rule.fault.status}`)
      incoming.resume()
      response.writeHead(rule.fault.status, { 'content-type': 'application/json', ...rule.fault.headers })
      response.end(rule.fault.body ?? '')
      return
    }
    const forward = httpRequest(
      { host: targetHost, port: Number(targetPort), method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        record(`${incoming.method} ${incoming.url} ${answer.statusCode}`)
        // Locations point at the registry; clients must keep coming through the proxy.
        const headers = { ...answer.headers }
        if (typeof headers.location === 'string') headers.location = headers.location.replace(`//${target}/`, `//${proxy.host}/`)
        response.writeHead(answer.statusCode ?? 502, headers)
        answer.pipe(response)
      }
    )
    forward.on('error', () => response.destroy())
    incoming.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return proxy
}

export const SERVICE_UNAVAILABLE = {
  status: 503,
  body: JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'service unavailable' }] })
}

export function tooManyRequests(seconds: number) {
  return {
    status: 429,
    headers: { 'retry-after': String(seconds) },
    body: JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: `rate limit exceeded; retry after ${seconds} seconds` }] })
  }
}

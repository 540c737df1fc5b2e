// A local stand-in for the GitHub REST API's tags and compare endpoints, so tests reach @actions/github through
// GITHUB_API_URL.
import { createServer } from 'node:http'
import { AddressInfo } from 'node:net'

export interface TagsApi {
  url: string
  requests: string[]
  tags: string[]
  failing: boolean
  /** Answers `compare/{base}...{head}` with a status (ahead, behind, identical, diverged), or 404 for undefined. */
  compare?: (base: string, head: string) => string | undefined
  /** Where refs point (`heads/main` -> commit), as `commits/{ref}` answers; a ref not here is 404. */
  heads: Record<string, string>
  close(): Promise<void>
}

export async function startTagsApi(repository: string, tags: string[]): Promise<TagsApi> {
  const api: TagsApi = { url: '', requests: [], tags, failing: false, heads: {}, close: async () => undefined }
  const server = createServer((request, response) => {
    api.requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`)
    if (api.failing) {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Server Error"}')
    } else if (api.compare && (request.url ?? '').startsWith(`/repos/${repository}/compare/`)) {
      const [base, head] = decodeURIComponent((request.url ?? '').slice(`/repos/${repository}/compare/`.length).split('?')[0]).split('...')
      const status = api.compare(base, head)
      if (status === undefined) response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No common ancestor"}')
      else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status, ahead_by: 0, behind_by: 0, commits: [], files: [] }))
    } else if ((request.url ?? '').startsWith(`/repos/${repository}/commits/`)) {
      const ref = decodeURIComponent((request.url ?? '').split('/commits/')[1].split('?')[0])
      const sha = api.heads[ref] ?? (/^[0-9a-f]{40}$/.test(ref) && api.compare ? ref : undefined)
      if (sha) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sha }))
      else response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No commit found for SHA"}')
    } else if ((request.url ?? '').startsWith(`/repos/${repository}/tags`)) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(api.tags.map((name) => ({ name }))))
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  api.close = () => new Promise((resolve) => server.close(() => resolve()))
  return api
}

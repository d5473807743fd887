/**
 * A fake server for unit tests: answers `fetch` calls from a list of routes and records
 * every request, so tests run the real http client, stores and views against it.
 * (Only tests import this file.)
 */
import { vi } from 'vitest'

export interface RecordedRequest {
  method: string
  /** Path with query string, as the client sent it. */
  url: string
  path: string
  query: URLSearchParams
  body: unknown
}

type Responder = (req: RecordedRequest) => Response | Promise<Response>

interface Route {
  method: string
  path: string | RegExp
  respond: Responder
  /** Answer only this many times (then fall through to later routes). */
  times?: number
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

export function problem(
  status: number,
  slug: string,
  detail: string,
  errors?: { field: string; message: string }[],
): Response {
  return new Response(JSON.stringify({ type: `/problems/${slug}`, title: slug, status, detail, errors }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  })
}

export const noContent = () => new Response(null, { status: 204 })

export function installFetchMock() {
  const routes: Route[] = []
  const requests: RecordedRequest[] = []

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const parsed = new URL(url, 'http://localhost')
    const method = (init?.method ?? 'GET').toUpperCase()
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    const req: RecordedRequest = { method, url, path: parsed.pathname, query: parsed.searchParams, body }
    requests.push(req)
    const route = routes.find(
      (r) =>
        r.method === method &&
        (typeof r.path === 'string' ? r.path === parsed.pathname : r.path.test(parsed.pathname)) &&
        (r.times === undefined || r.times > 0),
    )
    if (!route) return problem(404, 'not-found', `no mock for ${method} ${parsed.pathname}`)
    if (route.times !== undefined) route.times--
    return route.respond(req)
  })
  vi.stubGlobal('fetch', fetchMock)

  return {
    fetchMock,
    requests,
    /** Answer `method path` with the responder (every time, or `times` times). */
    on(method: string, path: string | RegExp, respond: Responder | Response, times?: number) {
      const responder: Responder = respond instanceof Response ? () => respond.clone() : respond
      routes.unshift({ method, path, respond: responder, times })
      return this
    },
    /** The requests to a path (and method). */
    calls(path: string, method?: string) {
      return requests.filter((r) => r.path === path && (!method || r.method === method))
    },
  }
}

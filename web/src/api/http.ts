/**
 * The one HTTP client of the web application.
 *
 * Every module calls the server through `http.get/post/put/patch/delete` (or `request`).
 * Bodies go out and come back as JSON. Every failure is thrown as an `ApiError`:
 * when the server answers with `application/problem+json` (RFC 9457) the error carries
 * that problem, otherwise it carries a Chinese message a user can act on.
 */

/** One invalid field of a request, as the server reports it in `errors`. */
export interface ProblemFieldError {
  field: string
  message: string
}

/** An RFC 9457 problem object as the Weijian server writes it. */
export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: ProblemFieldError[]
  [extension: string]: unknown
}

export const NETWORK_ERROR_MESSAGE = '无法连接服务器，请检查网络后重试'
export const TIMEOUT_ERROR_MESSAGE = '服务器响应超时，请稍后重试'
export const BAD_RESPONSE_MESSAGE = '服务器返回了无法识别的数据，请稍后重试或联系系统管理员'

/** `type` given to errors that did not come from a problem+json body. */
export const NETWORK_ERROR_TYPE = 'about:network-error'
export const TIMEOUT_ERROR_TYPE = 'about:timeout'
export const BAD_RESPONSE_TYPE = 'about:bad-response'

/** Chinese fallback message for an error status whose body was not problem+json. */
export function statusMessage(status: number): string {
  switch (status) {
    case 400:
      return '请求内容有误，请检查后重试'
    case 401:
      return '登录已失效，请重新登录'
    case 403:
      return '没有权限执行此操作'
    case 404:
      return '请求的内容不存在'
    case 409:
      return '数据已被他人修改，请刷新后重试'
    case 413:
      return '提交的内容过大'
    case 429:
      return '操作过于频繁，请稍后重试'
    default:
      if (status >= 500) return `服务器暂时无法处理请求（HTTP ${status}），请稍后重试`
      return `请求失败（HTTP ${status}）`
  }
}

export class ApiError extends Error {
  /** HTTP status; 0 when no response arrived (network failure or timeout). */
  readonly status: number
  /** The problem `type`, or one of the `about:` types above. */
  readonly type: string
  readonly title: string
  /** Chinese text to show the user. Always set. */
  readonly detail: string
  /** Field-level validation errors, empty when there are none. */
  readonly errors: ProblemFieldError[]
  /** The problem object as received, or null when the body was not problem+json. */
  readonly problem: Problem | null

  constructor(init: {
    status: number
    type: string
    title: string
    detail: string
    errors?: ProblemFieldError[]
    problem?: Problem | null
    cause?: unknown
  }) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause })
    this.name = 'ApiError'
    this.status = init.status
    this.type = init.type
    this.title = init.title
    this.detail = init.detail
    this.errors = init.errors ?? []
    this.problem = init.problem ?? null
  }

  /** True when the server was never reached (or did not answer in time). */
  get isNetworkError(): boolean {
    return this.status === 0
  }

  /**
   * Whether this is the server's problem `/problems/<slug>` (the server writes relative
   * types; an absolute URI ending in the same path is accepted too).
   */
  is(slug: string): boolean {
    const suffix = `/problems/${slug}`
    return this.type === suffix || this.type.endsWith(suffix)
  }

  /** Validation messages keyed by field name, for el-form's `error` props. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.errors) {
      if (!(e.field in out)) out[e.field] = e.message
    }
    return out
  }
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue | QueryValue[]>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Appended as a query string; null and undefined values are left out. */
  query?: Query
  /** Sent as JSON. */
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Give up after this many milliseconds (default 30 s). 0 waits forever. */
  timeoutMs?: number
  /**
   * Report a 401 「not signed in」 answer to the unauthorized handler (default true), which
   * sends the user to the login page. The auth calls themselves turn it off.
   */
  authRedirect?: boolean
}

/** Called when the server says the session is missing or over; see `setUnauthorizedHandler`. */
export type UnauthorizedHandler = (error: ApiError) => void

let unauthorizedHandler: UnauthorizedHandler | null = null

/**
 * Install what happens when any call answers 401 `/problems/unauthorized` (or a bare 401):
 * the router sends the user to the login page. Pass null to remove it.
 */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler
}

/** True for the 401 that means 「no valid session」 — not a wrong password or TOTP code. */
export function isUnauthorized(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 401 &&
    (error.is('unauthorized') || error.problem === null || error.type === 'about:blank')
  )
}

const DEFAULT_TIMEOUT_MS = 30_000

function isMediaType(contentType: string | null, ...types: string[]): boolean {
  if (!contentType) return false
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase()
  return types.includes(essence)
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.title === 'string' || typeof v.detail === 'string' || typeof v.status === 'number'
}

function normaliseFieldErrors(raw: unknown): ProblemFieldError[] {
  if (!Array.isArray(raw)) return []
  return raw
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? '') }))
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) {
      if (v === null || v === undefined) continue
      params.append(key, String(v))
    }
  }
  const qs = params.toString()
  if (!qs) return path
  return path + (path.includes('?') ? '&' : '?') + qs
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  const fallback = statusMessage(response.status)
  const contentType = response.headers.get('content-type')
  if (isMediaType(contentType, 'application/problem+json', 'application/json')) {
    let body: unknown
    try {
      body = await response.json()
    } catch {
      body = undefined
    }
    if (isProblem(body)) {
      const title = typeof body.title === 'string' && body.title ? body.title : fallback
      const detail = typeof body.detail === 'string' && body.detail ? body.detail : title
      return new ApiError({
        // The response's own status wins: RFC 9457 makes the member advisory.
        status: response.status,
        type: typeof body.type === 'string' && body.type ? body.type : 'about:blank',
        title,
        detail,
        errors: normaliseFieldErrors(body.errors),
        problem: body,
      })
    }
  }
  return new ApiError({
    status: response.status,
    type: 'about:blank',
    title: response.statusText || fallback,
    detail: fallback,
  })
}

/**
 * Send one request and return the successful response; every failure is thrown as an
 * ApiError (after telling the unauthorized handler about a lost session).
 * The timeout covers reading the body too: `read` runs before it is cleared.
 */
async function send<T>(
  path: string,
  options: RequestOptions,
  accept: string,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  const { method = 'GET', query, body, signal, timeoutMs = DEFAULT_TIMEOUT_MS } = options
  const headers: Record<string, string> = { Accept: accept, ...options.headers }
  const init: RequestInit = { method, headers, credentials: 'same-origin' }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }

  // One controller aborts the fetch on either our timeout or the caller's signal.
  const controller = new AbortController()
  let timedOut = false
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true
          controller.abort()
        }, timeoutMs)
      : undefined
  const onCallerAbort = () => controller.abort()
  if (signal) {
    if (signal.aborted) controller.abort()
    else signal.addEventListener('abort', onCallerAbort, { once: true })
  }
  init.signal = controller.signal

  try {
    let response: Response
    try {
      response = await fetch(buildUrl(path, query), init)
    } catch (cause) {
      if (timedOut) {
        throw new ApiError({
          status: 0,
          type: TIMEOUT_ERROR_TYPE,
          title: '请求超时',
          detail: TIMEOUT_ERROR_MESSAGE,
          cause,
        })
      }
      // The caller cancelled: let its AbortError through untouched.
      if (signal?.aborted) throw cause
      throw new ApiError({
        status: 0,
        type: NETWORK_ERROR_TYPE,
        title: '网络错误',
        detail: NETWORK_ERROR_MESSAGE,
        cause,
      })
    }

    if (!response.ok) {
      const error = await errorFromResponse(response)
      if (options.authRedirect !== false && isUnauthorized(error)) unauthorizedHandler?.(error)
      throw error
    }
    return await read(response)
  } finally {
    if (timer !== undefined) clearTimeout(timer)
    signal?.removeEventListener('abort', onCallerAbort)
  }
}

/** Send one request and return its JSON body (undefined for 204 or an empty body). */
export function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return send(path, options, 'application/json, application/problem+json', async (response) => {
    if (response.status === 204) return undefined as T
    const text = await response.text()
    if (text === '') return undefined as T
    if (!isMediaType(response.headers.get('content-type'), 'application/json')) {
      throw new ApiError({
        status: response.status,
        type: BAD_RESPONSE_TYPE,
        title: '响应格式错误',
        detail: BAD_RESPONSE_MESSAGE,
      })
    }
    try {
      return JSON.parse(text) as T
    } catch (cause) {
      throw new ApiError({
        status: response.status,
        type: BAD_RESPONSE_TYPE,
        title: '响应格式错误',
        detail: BAD_RESPONSE_MESSAGE,
        cause,
      })
    }
  })
}

/** A file the server sent, with the name it suggested. */
export interface DownloadedFile {
  blob: Blob
  /** From Content-Disposition (RFC 6266 `filename*` preferred), else the fallback. */
  filename: string
}

/** The file name a Content-Disposition header suggests, or null. */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (extended) {
    try {
      return decodeURIComponent(extended[2]!.trim().replace(/^"|"$/g, ''))
    } catch {
      // Fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header)
  if (plain) return (plain[2] ?? plain[1]!).trim() || null
  return null
}

/**
 * GET a file (CSV export and the like) with the session cookie. Errors are ApiErrors like
 * any other call, so a lost session still leads to the login page.
 */
export function download(
  path: string,
  fallbackName: string,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Promise<DownloadedFile> {
  return send(path, { ...options, method: 'GET' }, '*/*', async (response) => ({
    blob: await response.blob(),
    filename: filenameFromDisposition(response.headers.get('content-disposition')) ?? fallbackName,
  }))
}

type Options = Omit<RequestOptions, 'method' | 'body'>

export const http = {
  get: <T>(path: string, options?: Options) => request<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Options) =>
    request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: Options) =>
    request<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options?: Options) =>
    request<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, options?: Options) =>
    request<T>(path, { ...options, method: 'DELETE' }),
}

/** The Chinese text to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail
  return '操作失败，请稍后重试'
}

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

/** Send one request and return its JSON body (undefined for 204 or an empty body). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, signal, timeoutMs = DEFAULT_TIMEOUT_MS } = options
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...options.headers,
  }
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

    if (!response.ok) throw await errorFromResponse(response)

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
  } finally {
    if (timer !== undefined) clearTimeout(timer)
    signal?.removeEventListener('abort', onCallerAbort)
  }
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

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  BAD_RESPONSE_MESSAGE,
  NETWORK_ERROR_MESSAGE,
  TIMEOUT_ERROR_MESSAGE,
  buildUrl,
  download,
  errorMessage,
  filenameFromDisposition,
  http,
  isUnauthorized,
  request,
  setUnauthorizedHandler,
} from './http'

const fetchMock = vi.fn<typeof fetch>()

beforeEach(() => {
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  vi.useRealTimers()
})

function jsonResponse(body: unknown, status = 200, contentType = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
}

/** Run the call and return what it threw (failing the test if it did not throw). */
async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected the call to throw')
}

describe('request: success', () => {
  it('returns the parsed JSON body and sends same-origin credentials and JSON Accept', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ version: '0.1.0' }))
    const result = await http.get<{ version: string }>('/api/v1/system/info')
    expect(result).toEqual({ version: '0.1.0' })

    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/v1/system/info')
    expect(init?.method).toBe('GET')
    expect(init?.credentials).toBe('same-origin')
    expect((init?.headers as Record<string, string>).Accept).toContain('application/json')
    expect(init?.body).toBeUndefined()
  })

  it('sends a JSON body with its content type', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ id: 7 }, 201))
    const result = await http.post<{ id: number }>('/api/v1/things', { name: '某医院', beds: 120 })
    expect(result.id).toBe(7)
    const init = fetchMock.mock.calls[0]![1]!
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
    expect(JSON.parse(init.body as string)).toEqual({ name: '某医院', beds: 120 })
  })

  it('accepts JSON with a charset parameter', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse([1, 2], 200, 'application/json; charset=utf-8'))
    await expect(request('/x')).resolves.toEqual([1, 2])
  })

  it('returns undefined for 204 No Content', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }))
    await expect(http.delete('/api/v1/things/7')).resolves.toBeUndefined()
  })

  it('builds query strings, skipping null and undefined and repeating arrays', async () => {
    expect(buildUrl('/a', { q: '北京', page: 2, empty: undefined, none: null, tag: ['x', 'y'] })).toBe(
      '/a?q=%E5%8C%97%E4%BA%AC&page=2&tag=x&tag=y',
    )
    expect(buildUrl('/a?x=1', { y: true })).toBe('/a?x=1&y=true')
    expect(buildUrl('/a', { none: null })).toBe('/a')
    fetchMock.mockResolvedValueOnce(jsonResponse({}))
    await http.get('/api/v1/list', { query: { page: 3 } })
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/list?page=3')
  })
})

describe('request: problem+json errors', () => {
  it('throws an ApiError carrying the problem, its Chinese detail and field errors', async () => {
    const problem = {
      type: 'https://weijian.example/problems/validation',
      title: '请求参数不合法',
      status: 422,
      detail: '机构名称不能为空',
      errors: [
        { field: 'name', message: '不能为空' },
        { field: 'beds', message: '必须是非负整数' },
        { field: 'name', message: '第二条同字段消息' },
      ],
    }
    fetchMock.mockResolvedValueOnce(jsonResponse(problem, 422, 'application/problem+json'))

    const err = await caught(http.post('/api/v1/institutions', {}))
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect(e.status).toBe(422)
    expect(e.type).toBe(problem.type)
    expect(e.title).toBe('请求参数不合法')
    expect(e.detail).toBe('机构名称不能为空')
    expect(e.message).toBe('机构名称不能为空')
    expect(e.isNetworkError).toBe(false)
    expect(e.errors).toHaveLength(3)
    expect(e.fieldErrors()).toEqual({ name: '不能为空', beds: '必须是非负整数' })
    expect(e.problem).toEqual(problem)
    expect(errorMessage(e)).toBe('机构名称不能为空')
  })

  it('falls back to the title when the problem has no detail', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ type: 'about:blank', title: '资源不存在', status: 404 }, 404, 'application/problem+json'),
    )
    const e = (await caught(request('/api/v1/x'))) as ApiError
    expect(e.status).toBe(404)
    expect(e.detail).toBe('资源不存在')
    expect(e.errors).toEqual([])
  })

  it('uses the response status even when the body claims another', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ title: '冲突', status: 200, detail: '数据已变化' }, 409, 'application/problem+json'),
    )
    const e = (await caught(request('/api/v1/x'))) as ApiError
    expect(e.status).toBe(409)
    expect(e.detail).toBe('数据已变化')
  })
})

describe('request: failures without a problem body', () => {
  it('turns a network failure into the Chinese connection message', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const e = (await caught(request('/api/v1/system/info'))) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(0)
    expect(e.isNetworkError).toBe(true)
    expect(e.detail).toBe(NETWORK_ERROR_MESSAGE)
    expect(e.detail).toBe('无法连接服务器，请检查网络后重试')
    expect(e.problem).toBeNull()
    expect(e.cause).toBeInstanceOf(TypeError)
  })

  it('gives a Chinese message by status for a non-JSON error page', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response('<html><body>502 Bad Gateway</body></html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'Content-Type': 'text/html' },
      }),
    )
    const e = (await caught(request('/api/v1/system/info'))) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(502)
    expect(e.problem).toBeNull()
    expect(e.detail).toBe('服务器暂时无法处理请求（HTTP 502），请稍后重试')
  })

  it('does not trust a body labelled problem+json that does not parse', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response('{not json', { status: 403, headers: { 'Content-Type': 'application/problem+json' } }),
    )
    const e = (await caught(request('/api/v1/x'))) as ApiError
    expect(e.status).toBe(403)
    expect(e.detail).toBe('没有权限执行此操作')
    expect(e.problem).toBeNull()
  })

  it('rejects a successful response that is not JSON (e.g. an HTML page)', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response('<!doctype html><div id="app"></div>', {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      }),
    )
    const e = (await caught(request('/api/v1/system/info'))) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.detail).toBe(BAD_RESPONSE_MESSAGE)
  })

  it('times out with a Chinese message', async () => {
    vi.useFakeTimers()
    fetchMock.mockImplementationOnce(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('The operation was aborted.', 'AbortError')),
          )
        }),
    )
    const pending = caught(request('/api/v1/slow', { timeoutMs: 5000 }))
    await vi.advanceTimersByTimeAsync(5001)
    const e = (await pending) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(0)
    expect(e.detail).toBe(TIMEOUT_ERROR_MESSAGE)
  })

  it("passes the caller's own abort through instead of reporting a network error", async () => {
    fetchMock.mockImplementationOnce(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('The operation was aborted.', 'AbortError')),
          )
        }),
    )
    const controller = new AbortController()
    const pending = caught(request('/api/v1/x', { signal: controller.signal }))
    controller.abort()
    const e = await pending
    expect(e).not.toBeInstanceOf(ApiError)
    expect((e as DOMException).name).toBe('AbortError')
  })

  it('gives a generic Chinese message for errors that are not ApiErrors', () => {
    expect(errorMessage(new Error('boom'))).toBe('操作失败，请稍后重试')
  })
})

describe('ApiError.is', () => {
  it('matches the server relative problem type and absolute URIs ending in it', () => {
    const e = new ApiError({ status: 401, type: '/problems/totp-required', title: 't', detail: 'd' })
    expect(e.is('totp-required')).toBe(true)
    expect(e.is('required')).toBe(false)
    const abs = new ApiError({ status: 401, type: 'https://weijian.example/problems/login-failed', title: 't', detail: 'd' })
    expect(abs.is('login-failed')).toBe(true)
  })
})

describe('unauthorized handler', () => {
  afterEach(() => setUnauthorizedHandler(null))

  it('is told about a 401 unauthorized (or bare 401) answer, and the error is still thrown', async () => {
    const seen: ApiError[] = []
    setUnauthorizedHandler((e) => seen.push(e))
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ type: '/problems/unauthorized', title: '未登录', status: 401, detail: '请重新登录' }, 401, 'application/problem+json'),
    )
    const err = (await caught(http.get('/api/v1/users'))) as ApiError
    expect(err.status).toBe(401)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toBe(err)

    fetchMock.mockResolvedValueOnce(new Response('no', { status: 401 }))
    await caught(http.get('/api/v1/users'))
    expect(seen).toHaveLength(2)
  })

  it('is not told about other 401 problems, other statuses, or calls that opt out', async () => {
    const seen: ApiError[] = []
    setUnauthorizedHandler((e) => seen.push(e))
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ type: '/problems/login-failed', title: 'x', status: 401, detail: '密码错误' }, 401, 'application/problem+json'),
    )
    await caught(http.post('/api/v1/auth/password', {}))
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ type: '/problems/forbidden', title: 'x', status: 403, detail: '无权限' }, 403, 'application/problem+json'),
    )
    await caught(http.get('/api/v1/roles'))
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ type: '/problems/unauthorized', title: 'x', status: 401, detail: 'x' }, 401, 'application/problem+json'),
    )
    await caught(http.get('/api/v1/auth/me', { authRedirect: false }))
    expect(seen).toHaveLength(0)
    const totpInvalid = { type: '/problems/totp-invalid', title: 'x', status: 401 }
    expect(isUnauthorized(new ApiError({ ...totpInvalid, detail: 'x', problem: totpInvalid }))).toBe(false)
  })
})

describe('download', () => {
  it('returns the file with the name the server suggests, sending the query and the cookie', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response('\ufeff用户名\nadmin\n', {
        status: 200,
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="users.csv"; filename*=UTF-8''${encodeURIComponent('用户列表.csv')}`,
        },
      }),
    )
    const file = await download('/api/v1/users/export', 'fallback.csv', { query: { role: 'inspector', q: undefined } })
    expect(file.filename).toBe('用户列表.csv')
    expect(await file.blob.text()).toContain('admin')
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/v1/users/export?role=inspector')
    expect(init?.credentials).toBe('same-origin')
  })

  it('throws the problem like any other call', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ type: '/problems/forbidden', title: 'x', status: 403, detail: '没有导出权限' }, 403, 'application/problem+json'),
    )
    const err = (await caught(download('/api/v1/users/export', 'x.csv'))) as ApiError
    expect(err.detail).toBe('没有导出权限')
  })

  it('reads both forms of Content-Disposition', () => {
    expect(filenameFromDisposition('attachment; filename="a b.csv"')).toBe('a b.csv')
    expect(filenameFromDisposition('attachment; filename=plain.csv')).toBe('plain.csv')
    expect(filenameFromDisposition("attachment; filename*=UTF-8''%E6%A3%80%E6%9F%A5%E7%82%B9.json")).toBe('检查点.json')
    expect(filenameFromDisposition(null)).toBeNull()
    expect(filenameFromDisposition('inline')).toBeNull()
  })
})

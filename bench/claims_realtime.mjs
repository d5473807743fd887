// Real-time claims audit (3101) under a fixed arrival rate: encounters of 1–6 orders each, for
// persons with stored history (the demo's claims), sent at RATE encounters/s for SECONDS
// (open loop: requests are sent on schedule whatever the answers do). Goal (issue 5): p99
// under 5 ms at 2,000 encounters/s. Usage: node claims_realtime.mjs BASE_URL COOKIE CATALOG.csv
import { readFileSync } from 'node:fs'
import http from 'node:http'

const [base, cookie, catalogPath] = process.argv.slice(2)
const rate = Number(process.env.BENCH_RT_RATE ?? 2000)
const seconds = Number(process.env.BENCH_RT_SECONDS ?? 10)
const codes = readFileSync(catalogPath, 'utf8').split('\n').filter((l) => /^[XC0-9]/.test(l)).map((l) => l.split(','))
const drugs = codes.filter((c) => c[2] === 'drug' && !c[4] && !c[7] && !c[8] && !c[9]).map((c) => c[0])
const url = new URL('/api/v1/claims/audit/3101', base)
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

let seq = 0
function body() {
  seq += 1
  const orders = []
  for (let i = 0; i < 1 + (seq % 6); i++)
    orders.push({ rx_id: String(i + 1), hilist_code: drugs[(seq * 7 + i) % drugs.length], cnt: 1, pric: 10, sumamt: 10, prd_days: 7 })
  return JSON.stringify({ patient_dtos: [{ patn_id: `33030${String(1000000 + (seq % 5000) * 7).padStart(10, '0')}`, gend: '1', brdy: '1970-01-01',
    fsi_encounter_dtos: [{ mdtrt_id: `RT${seq}`, medins_id: 'H330300100001', medins_lv: '2', med_type: '11', adm_date: '2026-09-15 10:00:00',
      dr_codg: '11033000000001', fsi_diagnose_dtos: [{ dise_codg: 'I10.x00', maindiag_flag: '1' }], fsi_order_dtos: orders }] }] })
}

function send() {
  const payload = body()
  const start = process.hrtime.bigint()
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', cookie, 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, ok: res.statusCode === 200 }))
    })
    req.on('error', () => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, ok: false }))
    req.end(payload)
  })
}

for (let i = 0; i < 200; i++) await send()  // warm up
const pending = []
const t0 = Date.now()
const total = rate * seconds
for (let i = 0; i < total; i++) {
  const due = t0 + (i * 1000) / rate
  const wait = due - Date.now()
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  pending.push(send())
}
const results = await Promise.all(pending)
const elapsed = (Date.now() - t0) / 1000
const ms = results.map((r) => r.ms).sort((a, b) => a - b)
const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(2)
console.log(`3101 real-time audit: ${total} encounters at ${rate}/s offered, ${(total / elapsed).toFixed(0)}/s achieved; ` +
  `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${ms[ms.length - 1].toFixed(2)} ms; errors ${results.filter((r) => !r.ok).length} (goal: p99 < 5 ms at 2,000/s)`)
agent.destroy()

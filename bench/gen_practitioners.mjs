// Writes N practitioner rows as import CSV (UTF-8 with BOM, as Excel saves it), valid and
// unique, placed in the institutions whose credit codes are given one per line on stdin.
// Usage: node gen_practitioners.mjs N OUT.csv < credit_codes.txt
import { createWriteStream, readFileSync } from 'node:fs';

const [n, outPath] = [Number(process.argv[2]), process.argv[3]];
const codes = readFileSync(0, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (s) => '10X98765432'[[...s].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';
const kinds = ['医师', '护士', '药师', '技师'];
const base = Date.UTC(1960, 0, 1);
const out = createWriteStream(outPath);
let buf = '\ufeffid_number,name,kind,practice_cert_no,practice_category,institution_credit_code,registered_on\n';
for (let i = 0; i < n; i++) {
  const day = i % 14600, seq = Math.floor(i / 14600);  // unique (birth date, sequence) pairs
  const d = new Date(base + day * 86400000);
  const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  const first17 = `110105${ymd}${String(seq).padStart(3, '0')}`;
  const name = surnames[i % 20] + given[(i * 7) % 20] + (i % 3 ? given[(i * 13) % 20] : '');
  buf += `${first17}${checkChar(first17)},${name},${kinds[i % 4]},B${String(i).padStart(12, '0')},临床,${codes[i % codes.length]},2015-0${1 + (i % 9)}-1${i % 9}\n`;
  if (buf.length > 1 << 20) { out.write(buf); buf = ''; }
}
out.end(buf);

// FHIR R4 face of the registries, driven by a real FHIR client from npm (fhir-kit-client)
// against the real binary with the demo city, once per store. The registry's own REST API
// is the oracle: counts, identifiers and practice sites must agree with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client as FhirClient } from 'fhir-kit-client';
import { startServer, Client } from '../lib/server.mjs';
import { DEMO_PASSWORD } from '../lib/totp.mjs';

const USCC = 'https://weijian.example/fhir/sid/uscc';
const PRACTICE_CERT = 'https://weijian.example/fhir/sid/practice-cert';
const FHIR_JSON = /^application\/fhir\+json; charset=utf-8$/;
// An 18-character national ID number (17 digits and a digit or X) standing alone.
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

let srv;
let staffA;  // inspector_a: 东城区
let staffB;  // inspector_b: 西城区
let fhirA;
let fhirB;

async function login(username) {
  const c = new Client(srv.baseUrl);
  await c.login(username, DEMO_PASSWORD);
  return c;
}
const tokenOf = (c) => c.cookie.slice('wj_session='.length);
const fhirFor = (c) => new FhirClient({ baseUrl: `${srv.baseUrl}/fhir`, bearerToken: tokenOf(c) });
const entries = (bundle) => (bundle.entry ?? []).map((e) => e.resource);

// fhir-kit-client throws on an error status; return what the server said instead.
async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e.response, `expected an HTTP error, got ${e}`);
    return e.response;
  }
  assert.fail('expected the request to fail');
}

function assertOutcome(res, status, code) {
  assert.equal(res.status, status);
  assert.equal(res.data.resourceType, 'OperationOutcome');
  assert.equal(res.data.issue[0].severity, 'error');
  if (code) assert.equal(res.data.issue[0].code, code);
  assert.match(res.data.issue[0].diagnostics, /[\u4e00-\u9fff]/, 'diagnostics must be Chinese');
}

async function json(client, path) {
  const res = await client.get(path);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

before(async () => {
  srv = await startServer({ demo: true });
  staffA = await login('inspector_a');
  staffB = await login('inspector_b');
  fhirA = fhirFor(staffA);
  fhirB = fhirFor(staffB);
});
after(async () => { await srv.stop(); });

test('the CapabilityStatement is public and describes the four resource types', async () => {
  const anonymous = new FhirClient({ baseUrl: `${srv.baseUrl}/fhir` });
  const cs = await anonymous.capabilityStatement();
  assert.equal(cs.resourceType, 'CapabilityStatement');
  assert.equal(cs.fhirVersion, '4.0.1');
  assert.equal(cs.kind, 'instance');
  assert.ok(cs.format.includes('json'));
  assert.equal(cs.rest[0].mode, 'server');
  const byType = Object.fromEntries(cs.rest[0].resource.map((r) => [r.type, r]));
  assert.deepEqual(Object.keys(byType).sort(), ['Location', 'Organization', 'Practitioner', 'PractitionerRole']);
  for (const r of Object.values(byType)) {
    assert.deepEqual(r.interaction.map((i) => i.code).sort(), ['read', 'search-type']);
  }
  const names = (type) => byType[type].searchParam.map((p) => p.name);
  for (const p of ['name', 'identifier', 'type', 'address', 'active']) assert.ok(names('Organization').includes(p), p);
  for (const p of ['name', 'address', 'organization']) assert.ok(names('Location').includes(p), p);
  for (const p of ['name', 'identifier', 'gender', 'active']) assert.ok(names('Practitioner').includes(p), p);
  for (const p of ['practitioner', 'organization', 'role']) assert.ok(names('PractitionerRole').includes(p), p);

  const res = await fetch(`${srv.baseUrl}/fhir/metadata?_format=json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), FHIR_JSON);
  const xml = await fetch(`${srv.baseUrl}/fhir/metadata?_format=xml`);
  assert.equal(xml.status, 406);
  assert.match(xml.headers.get('content-type'), FHIR_JSON);
  assert.equal((await xml.json()).issue[0].code, 'not-supported');
});

test('Organization search by name agrees with the registry and reads back', async () => {
  const q = '人民医院';
  const registry = await json(staffA, `/api/v1/institutions?q=${encodeURIComponent(q)}&page_size=1`);
  assert.ok(registry.total > 0, 'the demo city has people\'s hospitals');
  const bundle = await fhirA.search({ resourceType: 'Organization', searchParams: { name: q, _count: 50 } });
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'searchset');
  assert.equal(bundle.total, registry.total);
  const orgs = entries(bundle);
  assert.equal(orgs.length, Math.min(50, registry.total));
  for (const o of orgs) {
    assert.equal(o.resourceType, 'Organization');
    assert.ok(o.name.includes(q), o.name);
  }
  assert.equal(bundle.entry[0].fullUrl, `${srv.baseUrl}/fhir/Organization/${orgs[0].id}`);
  assert.equal(bundle.link.find((l) => l.relation === 'self').url.startsWith(`${srv.baseUrl}/fhir/Organization?`), true);

  const org = await fhirA.read({ resourceType: 'Organization', id: orgs[0].id });
  assert.deepEqual(org, orgs[0]);
  const inst = await json(staffA, `/api/v1/institutions/${org.id}`);
  assert.equal(org.name, inst.name);
  assert.equal(org.active, inst.status === 'active');
  assert.equal(org.identifier.find((i) => i.system === USCC).value, inst.credit_code);
  assert.equal(org.type[0].coding[0].code, inst.category);
  assert.equal(org.type[0].text, inst.category_label);
  assert.equal(org.address[0].text, inst.address);
  assert.equal(org.address[0].district, '东城区');

  // By identifier, with and without the system; the Location is the same institution's site.
  const byCode = await fhirA.search({ resourceType: 'Organization', searchParams: { identifier: `${USCC}|${inst.credit_code}` } });
  assert.deepEqual(entries(byCode).map((o) => o.id), [org.id]);
  const bare = await fhirA.search({ resourceType: 'Organization', searchParams: { identifier: inst.credit_code } });
  assert.equal(bare.total, 1);
  const loc = await fhirA.read({ resourceType: 'Location', id: org.id });
  assert.equal(loc.managingOrganization.reference, `Organization/${org.id}`);
  assert.equal(loc.address.text, inst.address);
  const locs = await fhirA.search({ resourceType: 'Location', searchParams: { organization: `Organization/${org.id}` } });
  assert.deepEqual(entries(locs).map((l) => l.id), [org.id]);

  // Type and active agree with the registry's own filters.
  const hospitals = await json(staffA, '/api/v1/institutions?category=hospital&page_size=1');
  assert.equal((await fhirA.search({ resourceType: 'Organization', searchParams: { type: 'hospital', _summary: 'count' } })).total,
    hospitals.total);
  const activeCount = await json(staffA, '/api/v1/institutions?status=active&page_size=1');
  assert.equal((await fhirA.search({ resourceType: 'Organization', searchParams: { active: 'true', _count: 0 } })).total,
    activeCount.total);
});

test('following next links walks every match exactly once', async () => {
  const q = '医院';
  const registry = await json(staffA, `/api/v1/institutions?q=${encodeURIComponent(q)}&page_size=500`);
  assert.ok(registry.total > 14, 'enough matches for several pages');
  const seen = [];
  let bundle = await fhirA.search({ resourceType: 'Organization', searchParams: { name: q, _count: 7 } });
  let pages = 0;
  while (bundle) {
    pages += 1;
    assert.equal(bundle.total, registry.total);
    const page = entries(bundle);
    assert.ok(page.length <= 7);
    seen.push(...page.map((o) => o.id));
    const next = bundle.link.find((l) => l.relation === 'next');
    if (!next) assert.equal(bundle.link.find((l) => l.relation === 'last').url, bundle.link.find((l) => l.relation === 'self').url);
    bundle = await fhirA.nextPage({ bundle });
  }
  assert.equal(pages, Math.ceil(registry.total / 7));
  assert.equal(new Set(seen).size, seen.length, 'no duplicates across pages');
  assert.deepEqual(seen.map(Number).sort((a, b) => a - b), registry.items.map((i) => i.id).sort((a, b) => a - b));
});

test('Practitioner by practice certificate; the national ID number never appears', async () => {
  const list = await json(staffA, '/api/v1/practitioners?status=registered&kind=physician&page_size=1');
  const person = await json(staffA, `/api/v1/practitioners/${list.items[0].id}`);
  assert.match(person.id_number, /^\d{17}[\dX]$/, 'the registry detail holds the full number');
  const bundle = await fhirA.search({ resourceType: 'Practitioner', searchParams: { identifier: person.practice_cert_no } });
  assert.equal(bundle.total, 1);
  const p = entries(bundle)[0];
  assert.equal(p.id, String(person.id));
  assert.deepEqual(p.identifier, [{ use: 'official', type: { text: '执业证书编码' }, system: PRACTICE_CERT, value: person.practice_cert_no }]);
  assert.equal(p.name[0].text, person.name);
  assert.equal(p.name[0].family + p.name[0].given.join(''), person.name);
  assert.equal(p.gender, person.sex === 'M' ? 'male' : 'female');
  assert.equal(p.active, true);
  assert.equal(p.birthDate, undefined, 'birth dates are not exposed');
  const text = JSON.stringify(await fhirA.read({ resourceType: 'Practitioner', id: p.id }));
  assert.ok(!text.includes(person.id_number), 'no ID number');
  assert.ok(!text.includes(person.birth_date), 'no birth date');
  assert.doesNotMatch(text, ID_NUMBER);
  const withSystem = await fhirA.search({ resourceType: 'Practitioner', searchParams: { identifier: `${PRACTICE_CERT}|${person.practice_cert_no}` } });
  assert.equal(withSystem.total, 1);
  const byIdNumber = await fhirA.search({ resourceType: 'Practitioner', searchParams: { identifier: person.id_number } });
  assert.equal(byIdNumber.total, 0, 'an ID number finds nobody');

  // A full page of every kind: no ID number anywhere, and counts agree with the registry.
  const page = await fhirA.search({ resourceType: 'Practitioner', searchParams: { _count: 100 } });
  assert.equal(page.total, (await json(staffA, '/api/v1/practitioners?page_size=1')).total);
  assert.doesNotMatch(JSON.stringify(page), ID_NUMBER);
  const female = await fhirA.search({ resourceType: 'Practitioner', searchParams: { gender: 'female', _count: 0 } });
  assert.ok(female.total > 0 && female.total < page.total);
  const inactive = await fhirA.search({ resourceType: 'Practitioner', searchParams: { active: 'false', _count: 0 } });
  const registered = await json(staffA, '/api/v1/practitioners?status=registered&page_size=1');
  assert.equal(inactive.total, page.total - registered.total);
});

test('PractitionerRole by practitioner: the primary institution and every open practice site', async () => {
  // Find a practitioner with an additional practice site (多机构执业备案) among the roles.
  let withSite;
  let bundle = await fhirA.search({ resourceType: 'PractitionerRole', searchParams: { _count: 100 } });
  for (let i = 0; i < 40 && bundle && !withSite; i++) {
    withSite = entries(bundle).find((r) => r.extension?.[0]?.valueCoding?.code === 'additional');
    if (!withSite) bundle = await fhirA.nextPage({ bundle });
  }
  assert.ok(withSite, 'the demo city files additional practice sites');
  for (const ref of [withSite.practitioner.reference, withSite.practitioner.reference.split('/')[1]]) {
    const pid = ref.split('/').pop();
    const roles = await fhirA.search({ resourceType: 'PractitionerRole', searchParams: { practitioner: ref } });
    const person = await json(staffA, `/api/v1/practitioners/${pid}`);
    const expected = [`${pid}-${person.institution_id}`,
      ...person.additional_sites.filter((s) => s.ended_on === null).map((s) => `${pid}-${s.institution_id}`)];
    assert.deepEqual(entries(roles).map((r) => r.id).sort(), [...new Set(expected)].sort());
    assert.equal(roles.total, new Set(expected).size);
    for (const r of entries(roles)) {
      assert.equal(r.practitioner.reference, `Practitioner/${pid}`);
      assert.equal(r.organization.reference, `Organization/${r.id.split('-')[1]}`);
      assert.equal(r.location[0].reference, `Location/${r.id.split('-')[1]}`);
      assert.equal(r.code[0].coding.find((c) => c.system.endsWith('/practitioner-kind')).code, person.kind);
    }
    const primary = entries(roles).find((r) => r.extension[0].valueCoding.code === 'primary');
    assert.equal(primary.organization.display, person.institution_name);
  }
  const read = await fhirA.read({ resourceType: 'PractitionerRole', id: withSite.id });
  assert.deepEqual(read, withSite);
  // By organization: the institution's own staff plus those who file it as an additional site.
  const org = withSite.organization.reference;
  const atOrg = await fhirA.search({ resourceType: 'PractitionerRole', searchParams: { organization: org, _count: 0 } });
  assert.ok(atOrg.total >= 1);
  const doctors = await fhirA.search({ resourceType: 'PractitionerRole', searchParams: { role: 'doctor', _count: 0 } });
  const physicians = await fhirA.search({ resourceType: 'PractitionerRole', searchParams: { role: 'physician', _count: 0 } });
  assert.equal(doctors.total, physicians.total);
});

test('data scope: another district\'s records are 404 OperationOutcome', async () => {
  const theirs = entries(await fhirB.search({ resourceType: 'Organization', searchParams: { _count: 1 } }))[0];
  assert.equal(theirs.address[0].district, '西城区');
  const res = await failure(fhirA.read({ resourceType: 'Organization', id: theirs.id }));
  assertOutcome(res, 404, 'not-found');
  assertOutcome(await failure(fhirA.read({ resourceType: 'Location', id: theirs.id })), 404, 'not-found');
  const theirPerson = entries(await fhirB.search({ resourceType: 'Practitioner', searchParams: { _count: 1 } }))[0];
  assertOutcome(await failure(fhirA.read({ resourceType: 'Practitioner', id: theirPerson.id })), 404, 'not-found');
  const found = await fhirA.search({ resourceType: 'Organization', searchParams: { _id: theirs.id } });
  assert.equal(found.total, 0);
  // The same read by the district that owns it succeeds.
  assert.equal((await fhirB.read({ resourceType: 'Organization', id: theirs.id })).id, theirs.id);
});

test('errors are OperationOutcome in Chinese with the FHIR content type', async () => {
  const base = `${srv.baseUrl}/fhir`;
  const bearer = { authorization: `Bearer ${tokenOf(staffA)}` };
  const cases = [
    ['/Organization', {}, 401, 'login'],
    ['/Organization/1', { authorization: 'Bearer not-a-session' }, 401, 'login'],
    ['/Patient/1', bearer, 404, 'not-found'],
    ['/Patient', bearer, 404, 'not-found'],
    ['/Organization/999999999', bearer, 404, 'not-found'],
    ['/PractitionerRole/1-2-3', bearer, 404, 'not-found'],
    ['/Organization/a%20b', bearer, 400, 'invalid'],
    ['/Organization?birthdate=2000', bearer, 400, 'invalid'],
    ['/Organization?_sort=name', bearer, 400, 'not-supported'],
    ['/Organization?_count=-3', bearer, 400, 'invalid'],
    ['/Practitioner?gender=robot', bearer, 400, 'invalid'],
    ['/PractitionerRole?practitioner=Organization/1', bearer, 400, 'invalid'],
    ['/Organization?_format=xml', bearer, 406, 'not-supported'],
    ['/Organization/1/_history', bearer, 404, 'not-supported'],
    ['', bearer, 400, 'not-supported'],
  ];
  for (const [path, headers, status, code] of cases) {
    const res = await fetch(base + path, { headers });
    assert.equal(res.status, status, path);
    assert.match(res.headers.get('content-type'), FHIR_JSON, path);
    const body = await res.json();
    assert.equal(body.resourceType, 'OperationOutcome', path);
    assert.equal(body.issue[0].code, code, path);
    assert.match(body.issue[0].diagnostics, /[\u4e00-\u9fff]/, path);
  }
  // The session cookie works as well as the bearer token; _format=json is accepted.
  const res = await staffA.get('/fhir/Organization?_count=1&_format=json');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), FHIR_JSON);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const text = await res.text();
  assert.ok(text.startsWith('{"resourceType":"Bundle",'), 'resourceType comes first');
  assert.ok(text.includes('"resource":{"resourceType":"Organization",'), 'in every resource');
  assert.equal(JSON.parse(text).entry.length, 1);
});

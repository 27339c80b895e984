#!/usr/bin/env node
// An independent Oblivious HTTP chat client for Incognito, written from RFC 9180 (HPKE),
// RFC 9458 (Oblivious HTTP), RFC 9292 (Binary HTTP), RFC 9474/9578/9577 (Privacy Pass, blind RSA)
// and the project's ARCHITECTURE.md "Protocol details, pinned". Node 20, no dependencies.
//
//   node ohttp-chat.mjs [--relay URL] [--gateway URL] [--issuer URL] [--user NAME]
//                       [--token B64URL] [--model ID] [--max-tokens N] "question"
//   node ohttp-chat.mjs --models            list the models (GET /v1/models, no token needed)
//   node ohttp-chat.mjs --self-test DIR     RFC 9458 Appendix A (and RFC 9578 type 2 if present)

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------
// Bytes

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
const ascii = (s) => Buffer.from(s, 'latin1');
const hex = (h) => Buffer.from(h, 'hex');
const concat = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const u16 = (n) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const b64url = (b) => Buffer.from(b).toString('base64url');
const fromB64 = (s) => Buffer.from(s.replace(/=+$/, ''), 'base64url');

class Fail extends Error {}
const fail = (msg) => {
  throw new Fail(msg);
};

// Caps on untrusted sizes.
const MAX_KEYS_BODY = 64 * 1024; // bytes of application/ohttp-keys
const MAX_RESPONSE_BODY = 16 * 1024 * 1024; // bytes of an encapsulated response
const MAX_FIELDS = 256; // fields in one BHTTP section

// ---------------------------------------------------------------------------------------------
// HKDF (RFC 5869) from HMAC

const HASHES = { 0x0001: ['sha256', 32], 0x0002: ['sha384', 48], 0x0003: ['sha512', 64] };

function extract(hash, salt, ikm) {
  const nh = crypto.createHash(hash).digest().length;
  return crypto
    .createHmac(hash, salt.length ? salt : Buffer.alloc(nh))
    .update(ikm)
    .digest();
}

function expand(hash, prk, info, len) {
  const out = [];
  let t = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(out).length < len; i++) {
    t = crypto.createHmac(hash, prk).update(concat(t, info, [i])).digest();
    out.push(t);
  }
  return Buffer.concat(out).subarray(0, len);
}

// ---------------------------------------------------------------------------------------------
// HPKE, RFC 9180: DHKEM(X25519, HKDF-SHA256), base mode, Seal/Open and Export

const KEM_X25519 = 0x0020;
const AEADS = {
  0x0001: { name: 'aes-128-gcm', nk: 16, nn: 12 },
  0x0002: { name: 'aes-256-gcm', nk: 32, nn: 12 },
  0x0003: { name: 'chacha20-poly1305', nk: 32, nn: 12 },
};
const HPKE_V1 = ascii('HPKE-v1');

function labeledExtract(hash, suiteId, salt, label, ikm) {
  return extract(hash, salt, concat(HPKE_V1, suiteId, ascii(label), ikm));
}

function labeledExpand(hash, suiteId, prk, label, info, len) {
  return expand(hash, prk, concat(u16(len), HPKE_V1, suiteId, ascii(label), info), len);
}

const X25519_PKCS8_PREFIX = hex('302e020100300506032b656e04220420');
const X25519_SPKI_PREFIX = hex('302a300506032b656e032100');

function x25519Private(raw) {
  return crypto.createPrivateKey({
    key: concat(X25519_PKCS8_PREFIX, raw),
    format: 'der',
    type: 'pkcs8',
  });
}

function x25519Public(raw) {
  if (raw.length !== 32) fail('an X25519 public key has 32 bytes');
  return crypto.createPublicKey({ key: concat(X25519_SPKI_PREFIX, raw), format: 'der', type: 'spki' });
}

function rawPublic(keyObject) {
  return keyObject.export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI_PREFIX.length);
}

// DHKEM Encap, RFC 9180 §4.1. skE may be given (known-answer tests).
function encap(pkRraw, skEraw) {
  const kemSuite = concat(ascii('KEM'), u16(KEM_X25519));
  const skE = skEraw ? x25519Private(skEraw) : crypto.generateKeyPairSync('x25519').privateKey;
  const pkE = rawPublic(crypto.createPublicKey(skE));
  const dh = crypto.diffieHellman({ privateKey: skE, publicKey: x25519Public(pkRraw) });
  if (dh.every((b) => b === 0)) fail('X25519 produced the all-zero value');
  const kemContext = concat(pkE, pkRraw);
  const eaePrk = labeledExtract('sha256', kemSuite, Buffer.alloc(0), 'eae_prk', dh);
  const sharedSecret = labeledExpand('sha256', kemSuite, eaePrk, 'shared_secret', kemContext, 32);
  return { sharedSecret, enc: pkE };
}

// KeySchedule for mode_base, RFC 9180 §5.1, and the sender context.
function setupBaseS(pkR, info, kdfId, aeadId, skE) {
  const [hash, nh] = HASHES[kdfId] || fail(`KDF 0x${kdfId.toString(16)} is not supported`);
  const aead = AEADS[aeadId] || fail(`AEAD 0x${aeadId.toString(16)} is not supported`);
  const { sharedSecret, enc: encBytes } = encap(pkR, skE);
  const suiteId = concat(ascii('HPKE'), u16(KEM_X25519), u16(kdfId), u16(aeadId));
  const pskIdHash = labeledExtract(hash, suiteId, Buffer.alloc(0), 'psk_id_hash', Buffer.alloc(0));
  const infoHash = labeledExtract(hash, suiteId, Buffer.alloc(0), 'info_hash', info);
  const ksContext = concat([0], pskIdHash, infoHash);
  const secret = labeledExtract(hash, suiteId, sharedSecret, 'secret', Buffer.alloc(0));
  const key = labeledExpand(hash, suiteId, secret, 'key', ksContext, aead.nk);
  const baseNonce = labeledExpand(hash, suiteId, secret, 'base_nonce', ksContext, aead.nn);
  const exporterSecret = labeledExpand(hash, suiteId, secret, 'exp', ksContext, nh);
  let seq = 0;
  return {
    enc: encBytes,
    seal(aad, pt) {
      const nonce = Buffer.from(baseNonce);
      // nonce = base_nonce XOR I2OSP(seq, Nn); one request never needs more than 2^32 seals
      nonce.writeUInt32BE((nonce.readUInt32BE(aead.nn - 4) ^ seq) >>> 0, aead.nn - 4);
      seq++;
      return aeadSeal(aead, key, nonce, aad, pt);
    },
    export(ctx, len) {
      return labeledExpand(hash, suiteId, exporterSecret, 'sec', ctx, len);
    },
  };
}

function aeadSeal(aead, key, nonce, aad, pt) {
  const c = crypto.createCipheriv(aead.name, key, nonce, { authTagLength: 16 });
  c.setAAD(aad);
  return concat(c.update(pt), c.final(), c.getAuthTag());
}

function aeadOpen(aead, key, nonce, aad, ct) {
  if (ct.length < 16) fail('ciphertext shorter than the AEAD tag');
  const d = crypto.createDecipheriv(aead.name, key, nonce, { authTagLength: 16 });
  d.setAAD(aad);
  d.setAuthTag(ct.subarray(ct.length - 16));
  try {
    return concat(d.update(ct.subarray(0, ct.length - 16)), d.final());
  } catch {
    fail('the encapsulated response does not decrypt (AEAD tag mismatch)');
  }
}

// ---------------------------------------------------------------------------------------------
// Oblivious HTTP, RFC 9458

// Key configurations, RFC 9458 §3.1, in the application/ohttp-keys body of §3.2.
function parseKeyConfigs(body) {
  if (body.length > MAX_KEYS_BODY) fail(`ohttp-keys body larger than ${MAX_KEYS_BODY} bytes`);
  const out = [];
  let i = 0;
  while (i < body.length) {
    if (i + 2 > body.length) fail('ohttp-keys: truncated length prefix');
    const len = body.readUInt16BE(i);
    i += 2;
    if (i + len > body.length) fail('ohttp-keys: key configuration overruns the body');
    out.push(parseKeyConfig(body.subarray(i, i + len)));
    i += len;
  }
  if (out.length === 0) fail('ohttp-keys: no key configuration');
  return out;
}

function parseKeyConfig(c) {
  if (c.length < 3) fail('key configuration truncated');
  const keyId = c[0];
  const kemId = c.readUInt16BE(1);
  const npk = kemId === KEM_X25519 ? 32 : null;
  if (npk === null) return { keyId, kemId, supported: false, raw: c };
  if (c.length < 3 + npk + 2) fail('key configuration truncated');
  const publicKey = c.subarray(3, 3 + npk);
  const symLen = c.readUInt16BE(3 + npk);
  if (symLen % 4 !== 0 || symLen === 0 || 5 + npk + symLen !== c.length) {
    fail('key configuration: bad symmetric algorithms length');
  }
  const algorithms = [];
  for (let j = 5 + npk; j < c.length; j += 4) {
    algorithms.push({ kdfId: c.readUInt16BE(j), aeadId: c.readUInt16BE(j + 2) });
  }
  return { keyId, kemId, publicKey, algorithms, supported: true, raw: c };
}

// The first configuration with X25519 and a KDF/AEAD pair this client implements.
function chooseConfig(configs) {
  for (const cfg of configs.filter((c) => c.supported)) {
    for (const pref of [0x0001, 0x0002, 0x0003]) {
      const alg = cfg.algorithms.find((a) => a.aeadId === pref && HASHES[a.kdfId]);
      if (alg) return { ...cfg, kdfId: alg.kdfId, aeadId: alg.aeadId };
    }
  }
  fail('no key configuration with X25519 and a supported KDF/AEAD');
}

// Encapsulation of Requests, RFC 9458 §4.3.
function encapsulateRequest(cfg, request, skE) {
  const hdr = concat([cfg.keyId], u16(cfg.kemId), u16(cfg.kdfId), u16(cfg.aeadId));
  const info = concat(ascii('message/bhttp request'), [0], hdr);
  const ctx = setupBaseS(cfg.publicKey, info, cfg.kdfId, cfg.aeadId, skE);
  const ct = ctx.seal(Buffer.alloc(0), request);
  return { encapsulated: concat(hdr, ctx.enc, ct), ctx, cfg };
}

// Encapsulation of Responses, RFC 9458 §4.4: decapsulation on the client.
function openResponse(state, encResponse) {
  const aead = AEADS[state.cfg.aeadId];
  const [hash] = HASHES[state.cfg.kdfId];
  const nlen = Math.max(aead.nn, aead.nk);
  if (encResponse.length < nlen + 16) fail('encapsulated response is truncated');
  const secret = state.ctx.export(ascii('message/bhttp response'), nlen);
  const responseNonce = encResponse.subarray(0, nlen);
  const prk = extract(hash, concat(state.ctx.enc, responseNonce), secret);
  const key = expand(hash, prk, ascii('key'), aead.nk);
  const nonce = expand(hash, prk, ascii('nonce'), aead.nn);
  return aeadOpen(aead, key, nonce, Buffer.alloc(0), encResponse.subarray(nlen));
}

// ---------------------------------------------------------------------------------------------
// Binary HTTP, RFC 9292

function varint(n) {
  if (n < 0x40) return Buffer.from([n]);
  if (n < 0x4000) return u16(0x4000 | n);
  if (n < 0x40000000) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE((0x80000000 | n) >>> 0);
    return b;
  }
  fail('length too large for this client');
}

const lenPrefixed = (b) => concat(varint(b.length), b);

class Reader {
  constructor(buf) {
    this.b = buf;
    this.i = 0;
  }
  atEnd() {
    return this.i >= this.b.length;
  }
  varint() {
    if (this.atEnd()) fail('BHTTP: truncated integer');
    const first = this.b[this.i];
    const len = 1 << (first >> 6);
    if (this.i + len > this.b.length) fail('BHTTP: truncated integer');
    let v = BigInt(first & 0x3f);
    for (let k = 1; k < len; k++) v = (v << 8n) | BigInt(this.b[this.i + k]);
    this.i += len;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('BHTTP: integer too large');
    return Number(v);
  }
  bytes(n) {
    if (this.i + n > this.b.length) fail('BHTTP: truncated value');
    const out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
  lenBytes() {
    return this.bytes(this.varint());
  }
  rest() {
    return this.bytes(this.b.length - this.i);
  }
}

// A known-length request, RFC 9292 §3.1 (framing indicator 0), padded with zeros to padTo bytes.
function encodeRequest({ method, scheme, authority, path: p, headers, body }, padTo = 0) {
  const fields = concat(...headers.map(([n, v]) => concat(lenPrefixed(ascii(n.toLowerCase())), lenPrefixed(enc.encode(v)))));
  const msg = concat(
    varint(0),
    lenPrefixed(ascii(method)),
    lenPrefixed(ascii(scheme)),
    lenPrefixed(ascii(authority)),
    lenPrefixed(ascii(p)),
    lenPrefixed(fields),
    lenPrefixed(body || Buffer.alloc(0)),
    varint(0),
  );
  return msg.length >= padTo ? msg : concat(msg, Buffer.alloc(padTo - msg.length));
}

// Padding: the next power of two, at least 512 bytes, so sizes leak only a bucket.
const bucket = (n) => {
  let b = 512;
  while (b < n) b *= 2;
  return b;
};

function knownFields(r) {
  if (r.atEnd()) return [];
  const section = new Reader(r.lenBytes());
  const out = [];
  while (!section.atEnd()) {
    if (out.length >= MAX_FIELDS) fail(`BHTTP: more than ${MAX_FIELDS} fields`);
    out.push([dec.decode(section.lenBytes()).toLowerCase(), dec.decode(section.lenBytes())]);
  }
  return out;
}

function indeterminateFields(r) {
  const out = [];
  for (;;) {
    if (r.atEnd()) return out;
    const name = r.lenBytes();
    if (name.length === 0) return out;
    if (out.length >= MAX_FIELDS) fail(`BHTTP: more than ${MAX_FIELDS} fields`);
    out.push([dec.decode(name).toLowerCase(), dec.decode(r.lenBytes())]);
  }
}

function checkPadding(r) {
  if (r.rest().some((b) => b !== 0)) fail('BHTTP: non-zero padding');
}

// A response, RFC 9292 §3: known-length (1) or indeterminate-length (3); truncation at a section
// boundary after the control data is accepted.
function decodeResponse(buf) {
  const r = new Reader(buf);
  const framing = r.varint();
  if (framing !== 1 && framing !== 3) fail(`BHTTP: framing indicator ${framing} is not a response`);
  const known = framing === 1;
  let status;
  let headers;
  for (;;) {
    status = r.varint();
    if (status < 100 || status > 599) fail(`BHTTP: status ${status} out of range`);
    headers = known ? knownFields(r) : indeterminateFields(r);
    if (status >= 200) break;
  }
  let body = Buffer.alloc(0);
  if (!r.atEnd()) {
    if (known) {
      body = r.lenBytes();
    } else {
      const chunks = [];
      for (;;) {
        if (r.atEnd()) break;
        const c = r.lenBytes();
        if (c.length === 0) break;
        chunks.push(c);
      }
      body = Buffer.concat(chunks);
    }
  }
  const trailers = known ? knownFields(r) : indeterminateFields(r);
  checkPadding(r);
  return { status, headers, body, trailers };
}

// ---------------------------------------------------------------------------------------------
// Privacy Pass: blind RSA (RFC 9474, RSABSSA-SHA384-PSS-Deterministic), token type 0x0002
// (RFC 9578 §6), the PrivateToken scheme (RFC 9577)

function parseChallenge(header) {
  // One PrivateToken challenge: its challenge and token-key parameters (RFC 9577 §2.1).
  const m = /PrivateToken\s+(.*)/i.exec(header || '');
  if (!m) fail('the 401 has no PrivateToken challenge');
  const params = {};
  for (const p of m[1].matchAll(/([A-Za-z0-9-]+)\s*=\s*("([^"]*)"|[^,\s]+)/g)) {
    params[p[1].toLowerCase()] ??= p[3] ?? p[2];
  }
  if (!params.challenge || !params['token-key']) fail('PrivateToken challenge lacks challenge or token-key');
  return { challenge: fromB64(params.challenge), tokenKey: fromB64(params['token-key']) };
}

// Minimal DER reading: the RSA modulus and exponent inside an RSASSA-PSS SubjectPublicKeyInfo.
function derItem(b, i) {
  const tag = b[i];
  let len = b[i + 1];
  let off = i + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4) fail('DER: length too long');
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[off + k];
    off += n;
  }
  if (off + len > b.length) fail('DER: item overruns its container');
  return { tag, start: off, end: off + len };
}

function rsaFromSpki(spki) {
  const outer = derItem(spki, 0);
  const alg = derItem(spki, outer.start);
  const bits = derItem(spki, alg.end);
  if (outer.tag !== 0x30 || alg.tag !== 0x30 || bits.tag !== 0x03) fail('token key is not an SPKI');
  // RSASSA-PSS OID 1.2.840.113549.1.1.10
  const oid = derItem(spki, alg.start);
  if (!spki.subarray(oid.start, oid.end).equals(hex('2a864886f70d01010a'))) {
    fail('token key is not an RSASSA-PSS key');
  }
  const seq = derItem(spki, bits.start + 1);
  const nItem = derItem(spki, seq.start);
  const eItem = derItem(spki, nItem.end);
  const n = BigInt('0x' + spki.subarray(nItem.start, nItem.end).toString('hex'));
  const e = BigInt('0x' + spki.subarray(eItem.start, eItem.end).toString('hex'));
  if (e !== 65537n) fail('token key exponent is not 65537');
  const modBits = n.toString(2).length;
  if (modBits < 2048) fail('token key is shorter than 2048 bits');
  return { n, e, modBits, kLen: Math.ceil(modBits / 8) };
}

const os2ip = (b) => BigInt('0x' + (Buffer.from(b).toString('hex') || '0'));
function i2osp(x, len) {
  const h = x.toString(16).padStart(len * 2, '0');
  if (h.length > len * 2) fail('integer too large');
  return Buffer.from(h, 'hex');
}

function modPow(base, exp, mod) {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

function modInverse(a, m) {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) fail('blind is not invertible');
  return ((oldS % m) + m) % m;
}

function mgf1(seed, len) {
  const out = [];
  for (let c = 0; Buffer.concat(out).length < len; c++) {
    const cnt = Buffer.alloc(4);
    cnt.writeUInt32BE(c);
    out.push(crypto.createHash('sha384').update(concat(seed, cnt)).digest());
  }
  return Buffer.concat(out).subarray(0, len);
}

// EMSA-PSS-ENCODE, RFC 8017 §9.1.1, SHA-384, MGF1-SHA-384, 48-byte salt.
function emsaPssEncode(msg, emBits, salt) {
  const hLen = 48;
  const emLen = Math.ceil(emBits / 8);
  const mHash = crypto.createHash('sha384').update(msg).digest();
  const h = crypto.createHash('sha384').update(concat(Buffer.alloc(8), mHash, salt)).digest();
  const db = concat(Buffer.alloc(emLen - salt.length - hLen - 2), [1], salt);
  const mask = mgf1(h, emLen - hLen - 1);
  const masked = Buffer.from(db.map((b, i) => b ^ mask[i]));
  masked[0] &= 0xff >> (8 * emLen - emBits);
  return concat(masked, h, [0xbc]);
}

// Token request, RFC 9578 §6.1. nonce, salt and r may be given (known-answer tests).
function beginToken(challengeBytes, tokenKeySpki, fixed = {}) {
  const pk = rsaFromSpki(tokenKeySpki);
  const tokenKeyId = crypto.createHash('sha256').update(tokenKeySpki).digest();
  const nonce = fixed.nonce || crypto.randomBytes(32);
  const challengeDigest = crypto.createHash('sha256').update(challengeBytes).digest();
  const tokenInput = concat(u16(0x0002), nonce, challengeDigest, tokenKeyId);
  // Blind, RFC 9474 §4.2 (deterministic variant: the message is not randomized).
  const em = emsaPssEncode(tokenInput, pk.modBits - 1, fixed.salt || crypto.randomBytes(48));
  const m = os2ip(em);
  let r = fixed.r;
  while (!r) {
    const cand = os2ip(crypto.randomBytes(pk.kLen)) % pk.n;
    if (cand > 1n) r = cand;
  }
  const inv = modInverse(r, pk.n);
  const blinded = i2osp((m * modPow(r, pk.e, pk.n)) % pk.n, pk.kLen);
  const request = concat(u16(0x0002), [tokenKeyId[31]], blinded);
  return { request, pk, inv, tokenInput, tokenKeySpki, nonce, challengeDigest, tokenKeyId };
}

// Finalize, RFC 9474 §4.3 and RFC 9578 §6.3: unblind and verify the signature.
function finishToken(p, response) {
  if (response.length !== p.pk.kLen) fail(`token response has ${response.length} bytes; expected ${p.pk.kLen}`);
  const sig = i2osp((os2ip(response) * p.inv) % p.pk.n, p.pk.kLen);
  const key = crypto.createPublicKey({ key: p.tokenKeySpki, format: 'der', type: 'spki' });
  const ok = crypto.verify('sha384', p.tokenInput, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }, sig);
  if (!ok) fail('the issuer\'s blind signature does not verify under the challenge\'s token key');
  return concat(u16(0x0002), p.nonce, p.challengeDigest, p.tokenKeyId, sig);
}

function demoPassword(opts) {
  if (opts.password) return opts.password;
  if (process.env.INCOGNITO_DEMO_PASSWORD) return process.env.INCOGNITO_DEMO_PASSWORD;
  const home = process.env.INCOGNITO_HOME || path.join(os.homedir(), '.incognito');
  const file = path.join(home, 'demo-password');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fail(`no password: set INCOGNITO_DEMO_PASSWORD or create ${file}`);
  }
}

async function issueToken(opts, challenge) {
  const p = beginToken(challenge.challenge, challenge.tokenKey);
  const url = new URL('token-request', withSlash(opts.issuer));
  const auth = Buffer.from(`${opts.user}:${demoPassword(opts)}`).toString('base64');
  const res = await fetchOrFail(url, {
    method: 'POST',
    headers: { 'content-type': 'application/private-token-request', authorization: `Basic ${auth}` },
    body: p.request,
  });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) fail(`issuer answered ${res.status}: ${problemText(body)}`);
  log(`token issued by ${url.origin}${url.pathname} (blind RSA, ${p.pk.modBits}-bit key)`);
  return finishToken(p, body);
}

// ---------------------------------------------------------------------------------------------
// The private path

const log = (m) => process.stderr.write(`· ${m}\n`);
const withSlash = (u) => (u.endsWith('/') ? u : u + '/');

function problemText(body) {
  try {
    const j = JSON.parse(body.toString('utf8'));
    return j.detail || j.title || j.error?.message || 'no detail';
  } catch {
    return `${body.length} bytes`;
  }
}

async function fetchOrFail(url, init) {
  try {
    return await fetch(url, init);
  } catch (e) {
    fail(`cannot reach ${url}: ${e.cause?.code || e.message}`);
  }
}

async function fetchKeys(opts) {
  const url = new URL('ohttp-keys', withSlash(opts.gateway));
  const res = await fetchOrFail(url, { headers: { accept: 'application/ohttp-keys' } });
  if (res.status !== 200) fail(`${url} answered ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const configs = parseKeyConfigs(body);
  const cfg = chooseConfig(configs);
  log(`fetched ${configs.length} key configuration(s) from ${url}; using key id ${cfg.keyId} (KEM 0x0020, KDF 0x${cfg.kdfId.toString(16).padStart(4, '0')}, AEAD 0x${cfg.aeadId.toString(16).padStart(4, '0')})`);
  return cfg;
}

// One inner request through the relay; returns the decoded BHTTP response.
async function privateExchange(opts, cfg, inner) {
  const plain = encodeRequest(inner);
  const padded = encodeRequest(inner, bucket(plain.length));
  const state = encapsulateRequest(cfg, padded);
  log(`inner ${inner.method} ${inner.path}: ${plain.length} bytes of BHTTP, padded to ${padded.length}, encapsulated to ${state.encapsulated.length}`);
  const res = await fetchOrFail(opts.relay, {
    method: 'POST',
    headers: { 'content-type': 'message/ohttp-req', accept: 'message/ohttp-res' },
    body: state.encapsulated,
  });
  const len = Number(res.headers.get('content-length') || 0);
  if (len > MAX_RESPONSE_BODY) fail('response larger than this client accepts');
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) fail(`relay answered ${res.status}: ${problemText(body)}`);
  const type = (res.headers.get('content-type') || '').split(';')[0].trim();
  if (type !== 'message/ohttp-res') fail(`relay answered with ${type || 'no media type'}, not message/ohttp-res`);
  const response = decodeResponse(openResponse(state, body));
  log(`relay → 200, ${body.length} bytes decapsulated; inner status ${response.status}`);
  return response;
}

const header = (resp, name) => resp.headers.find(([n]) => n === name)?.[1];

function innerError(resp) {
  try {
    const j = JSON.parse(resp.body.toString('utf8'));
    return j.error?.message || j.detail || j.title || '';
  } catch {
    return '';
  }
}

async function listModels(opts, cfg) {
  const resp = await privateExchange(opts, cfg, {
    method: 'GET',
    scheme: 'https',
    authority: '',
    path: '/v1/models',
    headers: [['accept', 'application/json']],
  });
  if (resp.status !== 200) fail(`GET /v1/models answered ${resp.status}: ${innerError(resp)}`);
  return JSON.parse(dec.decode(resp.body)).data.map((m) => m.id);
}

async function chat(opts, question) {
  const cfg = await fetchKeys(opts);
  const model = opts.model || (await listModels(opts, cfg))[0] || fail('the server lists no model');
  const body = enc.encode(
    JSON.stringify({
      model,
      messages: [{ role: 'user', content: question }],
      stream: false,
      max_tokens: opts.maxTokens,
    }),
  );
  let token = opts.token ? fromB64(opts.token) : null;
  for (let attempt = 0; attempt < 2; attempt++) {
    const headers = [['content-type', 'application/json'], ['accept', 'application/json']];
    if (token) headers.push(['authorization', `PrivateToken token="${b64url(token)}"`]);
    const resp = await privateExchange(opts, cfg, {
      method: 'POST',
      scheme: 'https',
      authority: '',
      path: '/v1/chat/completions',
      headers,
      body,
    });
    if (resp.status === 401 && attempt === 0 && !opts.token) {
      const challenge = parseChallenge(header(resp, 'www-authenticate'));
      log('gateway asked for a Privacy Pass token (encapsulated 401); logging in to the issuer');
      token = await issueToken(opts, challenge);
      continue;
    }
    if (resp.status !== 200) fail(`POST /v1/chat/completions answered ${resp.status}: ${innerError(resp)}`);
    const answer = JSON.parse(dec.decode(resp.body));
    const text = answer.choices?.[0]?.message?.content;
    if (typeof text !== 'string') fail('the answer has no choices[0].message.content');
    const meta = answer.incognito || {};
    log(`answer from model ${answer.model || model}${meta.receipt ? '; carries a signed receipt (not checked by this client)' : ''}`);
    if (meta.demo) log(`note: ${meta.notice || 'this is the demo model'}`);
    return text;
  }
  fail('the gateway refused the token');
}

// ---------------------------------------------------------------------------------------------
// Self-test: RFC 9458 Appendix A, and RFC 9578 Appendix A token type 2 when the file is present

function selfTest(where) {
  let file = where;
  if (fs.statSync(where).isDirectory()) {
    file = [path.join(where, 'rfc9458-appendixA.json'), path.join(where, 'ohttp', 'rfc9458-appendixA.json')].find(fs.existsSync);
  }
  if (!file) fail(`no rfc9458-appendixA.json under ${where}`);
  const v = JSON.parse(fs.readFileSync(file, 'utf8'));
  const results = [];
  const check = (name, got, want) => {
    const ok = Buffer.from(got).equals(hex(want));
    results.push(ok);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  };
  const configs = parseKeyConfigs(hex(v.application_ohttp_keys_body));
  check('key configuration parses', configs[0].raw, v.key_config);
  const pk = rawPublic(crypto.createPublicKey(x25519Private(hex(v.gateway_x25519_secret_key))));
  check('public key = X25519(skR)', configs[0].publicKey, pk.toString('hex'));
  const cfg = chooseConfig(configs);
  const state = encapsulateRequest(cfg, hex(v.request_bhttp), hex(v.client_ephemeral_secret_key));
  check('encapsulated request', state.encapsulated, v.encapsulated_request);
  check('exported secret', state.ctx.export(ascii('message/bhttp response'), 16), v.exported_secret);
  const response = openResponse(state, hex(v.encapsulated_response));
  check('decapsulated response', response, v.response_bhttp);
  const decoded = decodeResponse(response);
  results.push(decoded.status === 200);
  console.log(`${decoded.status === 200 ? 'ok  ' : 'FAIL'} BHTTP response decodes to status 200`);
  let bad = Buffer.from(hex(v.encapsulated_response));
  bad[bad.length - 1] ^= 1;
  let rejected = false;
  try {
    openResponse(state, bad);
  } catch (e) {
    rejected = e instanceof Fail;
  }
  results.push(rejected);
  console.log(`${rejected ? 'ok  ' : 'FAIL'} tampered response is rejected`);

  const root = path.dirname(path.dirname(path.resolve(file)));
  const bh = path.join(root, 'bhttp', 'rfc9292-examples.json');
  if (fs.existsSync(bh)) {
    const ex = Object.fromEntries(JSON.parse(fs.readFileSync(bh, 'utf8')).examples.map((e) => [e.name, e]));
    const req = encodeRequest({
      method: 'GET',
      scheme: 'https',
      authority: '',
      path: '/hello.txt',
      headers: [
        ['user-agent', 'curl/7.16.3 libcurl/7.16.3 OpenSSL/0.9.7l zlib/1.2.3'],
        ['host', 'www.example.com'],
        ['accept-language', 'en, mi'],
      ],
    });
    check('RFC 9292 known-length request encodes', req, ex['known-length-request'].hex);
    for (const name of ['known-length-response-from-chunked', 'indeterminate-length-response-from-chunked', 'indeterminate-length-response-with-informational']) {
      const r = decodeResponse(hex(ex[name].hex));
      const ok = r.status === 200 && r.body.length > 0;
      results.push(ok);
      console.log(`${ok ? 'ok  ' : 'FAIL'} RFC 9292 ${name} decodes (status ${r.status}, ${r.body.length} bytes of content)`);
    }
    let padRejected = false;
    try {
      decodeResponse(concat(hex(ex['known-length-response-from-chunked'].hex), [0, 1]));
    } catch (e) {
      padRejected = e instanceof Fail;
    }
    results.push(padRejected);
    console.log(`${padRejected ? 'ok  ' : 'FAIL'} non-zero padding is rejected`);
  }

  const pp = path.join(root, 'privacypass', 'rfc9578-type2-blindrsa.json');
  if (fs.existsSync(pp)) {
    for (const [i, t] of JSON.parse(fs.readFileSync(pp, 'utf8')).vectors.entries()) {
      const p = beginToken(hex(t.token_challenge), hex(t.pkS), { nonce: hex(t.nonce), salt: hex(t.salt), r: os2ip(hex(t.blind)) });
      check(`RFC 9578 type 2 vector ${i}: token request`, p.request, t.token_request);
      check(`RFC 9578 type 2 vector ${i}: token`, finishToken(p, hex(t.token_response)), t.token);
    }
  }
  const failed = results.filter((r) => !r).length;
  console.log(failed ? `${failed} of ${results.length} checks FAILED` : `all ${results.length} checks passed`);
  return failed ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const opts = {
    relay: process.env.INCOGNITO_RELAY || 'http://localhost:8080/relay/',
    gateway: process.env.INCOGNITO_GATEWAY || 'http://localhost:8080/gateway/',
    issuer: process.env.INCOGNITO_ISSUER || 'http://localhost:8080/acs/',
    user: 'demo',
    maxTokens: 128,
    words: [],
  };
  const valueOf = (i) => argv[i + 1] ?? fail(`${argv[i]} needs a value`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--relay': opts.relay = valueOf(i++); break;
      case '--gateway': opts.gateway = valueOf(i++); break;
      case '--issuer': opts.issuer = valueOf(i++); break;
      case '--user': opts.user = valueOf(i++); break;
      case '--password': opts.password = valueOf(i++); break;
      case '--token': opts.token = valueOf(i++); break;
      case '--model': opts.model = valueOf(i++); break;
      case '--max-tokens': opts.maxTokens = Number.parseInt(valueOf(i++), 10); break;
      case '--models': opts.models = true; break;
      case '--self-test': opts.selfTest = valueOf(i++); break;
      case '-h': case '--help': opts.help = true; break;
      default:
        if (a.startsWith('--')) fail(`unknown option ${a}`);
        opts.words.push(a);
    }
  }
  return opts;
}

const USAGE = `usage: node ohttp-chat.mjs [--relay URL] [--gateway URL] [--issuer URL] [--user NAME]
                          [--token B64URL] [--model ID] [--max-tokens N] "question"
       node ohttp-chat.mjs --models
       node ohttp-chat.mjs --self-test VECTORS_DIR`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  if (opts.selfTest) return selfTest(opts.selfTest);
  if (opts.models) {
    const cfg = await fetchKeys(opts);
    for (const id of await listModels(opts, cfg)) console.log(id);
    return 0;
  }
  if (opts.words.length === 0) fail(`no question\n${USAGE}`);
  console.log(await chat(opts, opts.words.join(' ')));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`error: ${e instanceof Fail ? e.message : e.message || e}\n`);
    process.exit(e instanceof Fail ? 2 : 1);
  },
);

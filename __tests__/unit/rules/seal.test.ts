import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import sodium from 'libsodium-wrappers';
import { sealForSecret } from '../../../src/rules/seal.js';

// The pattern GitHub's API requires for encrypted_value (docs/platform-facts.md,
// "Secrets: encryption").
const GITHUB_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

let keys: { publicKey: Uint8Array; privateKey: Uint8Array };
let publicKey: string;

beforeAll(async () => {
  await sodium.ready;
  keys = sodium.crypto_box_keypair();
  publicKey = sodium.to_base64(keys.publicKey, sodium.base64_variants.ORIGINAL);
});

function open(sealed: string): string {
  const box = sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL);
  return sodium.to_string(sodium.crypto_box_seal_open(box, keys.publicKey, keys.privateKey));
}

describe('sealForSecret', () => {
  it('decrypts back to the value with the key pair', async () => {
    const token = `IGAA${randomBytes(60).toString('hex')}`;
    expect(open(await sealForSecret(token, publicKey))).toBe(token);
  });

  it('round-trips non-ASCII text', async () => {
    expect(open(await sealForSecret('jeton · тoken · 🔑', publicKey))).toBe('jeton · тoken · 🔑');
  });

  it.each([1, 2, 3, 100])('a %i-byte value gives padded standard base64', async (length) => {
    const sealed = await sealForSecret('x'.repeat(length), publicKey);
    expect(sealed).toMatch(GITHUB_BASE64);
    // 48 bytes of overhead: the box length decides the padding.
    const padding = (3 - ((48 + length) % 3)) % 3;
    expect(sealed.endsWith('='.repeat(padding))).toBe(true);
    expect(sealed.length % 4).toBe(0);
  });

  it('uses the standard alphabet (+ and /), never the URL-safe one', async () => {
    const sealed = await Promise.all(
      Array.from({ length: 20 }, () => sealForSecret(randomBytes(16).toString('hex'), publicKey)),
    );
    const joined = sealed.join('');
    expect(joined).not.toMatch(/[-_]/);
    expect(joined).toMatch(/[+/]/);
  });
});

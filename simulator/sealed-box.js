// @ts-check
// The GitHub fake's side of secret encryption: each scope holds a real libsodium key pair, so a
// value the action sealed wrongly (bad key, URL-safe base64, …) fails here the way it would fail
// for GitHub, and a test can read back the plaintext GitHub would store.

import sodium from 'libsodium-wrappers';
import { randomInt } from 'node:crypto';

/**
 * GitHub's pattern for `encrypted_value`: standard base64 with padding (docs/platform-facts.md,
 * "Secrets: encryption").
 * URL-safe or unpadded base64 fails it.
 */
export const ENCRYPTED_VALUE_PATTERN =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

/**
 * @typedef {object} KeyPair
 * @property {string} keyId numeric string, like GitHub's
 * @property {string} key the public key, standard base64 (what GET …/public-key returns)
 * @property {Uint8Array} publicKey
 * @property {Uint8Array} privateKey
 */

/** libsodium's wasm must be loaded before any sync call below. */
export async function sodiumReady() {
  await sodium.ready;
}

/** @returns {KeyPair} */
export function newKeyPair() {
  const { publicKey, privateKey } = sodium.crypto_box_keypair();
  const key = sodium.to_base64(publicKey, sodium.base64_variants.ORIGINAL);
  // GitHub's key ids are long decimal strings (e.g. 568250167242549743)
  const keyId = `${randomInt(100000000, 999999999)}${randomInt(100000000, 999999999)}`;
  return { keyId, key, publicKey, privateKey };
}

/**
 * Seals `plaintext` for `pair`, as a client following GitHub's guide does.
 * @param {string} plaintext
 * @param {KeyPair} pair
 */
export function seal(plaintext, pair) {
  const box = sodium.crypto_box_seal(sodium.from_string(plaintext), pair.publicKey);
  return sodium.to_base64(box, sodium.base64_variants.ORIGINAL);
}

/**
 * Opens a sealed value; undefined when it is not valid base64 or was not sealed for this pair.
 * @param {string} encryptedValue
 * @param {KeyPair} pair
 * @returns {string | undefined}
 */
export function open(encryptedValue, pair) {
  if (!ENCRYPTED_VALUE_PATTERN.test(encryptedValue)) return undefined;
  try {
    const box = sodium.from_base64(encryptedValue, sodium.base64_variants.ORIGINAL);
    const plain = sodium.crypto_box_seal_open(box, pair.publicKey, pair.privateKey);
    return Buffer.from(plain).toString('utf8');
  } catch {
    return undefined;
  }
}

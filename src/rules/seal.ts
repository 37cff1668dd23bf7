/** libsodium sealed box, as GitHub's Secrets API expects (docs: encrypting secrets for the REST API). */
import sodium from 'libsodium-wrappers';

/** Seals `value` for the destination's public key (standard base64); returns standard, padded base64. */
export async function sealForSecret(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const box = sodium.crypto_box_seal(sodium.from_string(value), key);
  // to_base64 defaults to URL-safe without padding, which GitHub rejects
  // (docs/platform-facts.md, "Secrets: encryption").
  return sodium.to_base64(box, sodium.base64_variants.ORIGINAL);
}

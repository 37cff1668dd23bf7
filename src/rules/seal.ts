/** libsodium sealed box, as GitHub's Secrets API expects (docs: encrypting secrets for the REST API). */
type Sodium = typeof import('libsodium-wrappers').default;

let loading: Promise<Sodium> | undefined;

/**
 * libsodium, loaded once. Loading decodes and compiles its WebAssembly, which costs more CPU than
 * anything else before the first write: the run loads it while a request is in flight
 * (preloadSealer), so the network wait pays for it.
 */
function sodiumReady(): Promise<Sodium> {
  loading ??= import('libsodium-wrappers').then(async ({ default: sodium }) => {
    await sodium.ready;
    return sodium;
  });
  return loading;
}

/** Loads libsodium ahead of the seal; a failure surfaces where the token is sealed, not here. */
export async function preloadSealer(): Promise<void> {
  await sodiumReady().catch(() => {});
}

/** Seals `value` for the destination's public key (standard base64); returns standard, padded base64. */
export async function sealForSecret(value: string, publicKeyBase64: string): Promise<string> {
  const sodium = await sodiumReady();
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const box = sodium.crypto_box_seal(sodium.from_string(value), key);
  // to_base64 defaults to URL-safe without padding, which GitHub rejects
  // (docs/platform-facts.md, "Secrets: encryption").
  return sodium.to_base64(box, sodium.base64_variants.ORIGINAL);
}

/** Largest input one article may come from. */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024;

/**
 * An input that cannot become an article: no headline or body, an unparsable date, too large, not
 * UTF-8. `reason` is written for the newsroom that sent it; `source` says which record or file.
 * One rejected record never stops the others of its batch.
 */
export class RejectedInput extends Error {
  constructor(
    readonly reason: string,
    readonly source?: string,
  ) {
    super(source ? `${source}: ${reason}` : reason);
    this.name = "RejectedInput";
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Decodes bytes as UTF-8, rejecting oversized or malformed input rather than guessing. */
export function decodeInput(bytes: Uint8Array, source?: string): string {
  if (bytes.byteLength > MAX_INPUT_BYTES) {
    throw new RejectedInput(`larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB (${bytes.byteLength} bytes)`, source);
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new RejectedInput("not valid UTF-8 text", source);
  }
}

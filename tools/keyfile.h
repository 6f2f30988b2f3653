/*
 * keyfile: the signing key files of the host tools. One line of text each, so that a key is easy
 * to inspect and a public key is never mistaken for a private one:
 *   private (mode 0600)  "ferrite-ed25519-seed <64 hex digits>\n"     the 32-byte Ed25519 seed
 *   public               "ferrite-ed25519-public <64 hex digits>\n"   the 32-byte public key
 */
#ifndef TOOLS_KEYFILE_H
#define TOOLS_KEYFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYFILE_SEED "ferrite-ed25519-seed"
#define KEYFILE_PUBLIC "ferrite-ed25519-public"

/* Reads a key of the given kind into key[32]. Returns NULL or a message. */
const char *keyfile_read(const char *path, const char *kind, uint8_t key[32]);
/* Writes a key file; with exclusive it refuses to replace an existing file. NULL or a message
 * (errno-based messages are formatted into a static buffer). */
const char *keyfile_write(const char *path, const char *kind, const uint8_t key[32], unsigned mode,
			  bool exclusive);

#endif

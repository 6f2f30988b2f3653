/*
 * elf2macho: converts a static ELF executable (ELF32 or ELF64, little-endian, PT_LOAD segments,
 * as clang and ld.lld make them) into a Ferrite Mach-O (docs/binaries.md), signed with an Ed25519
 * key. Host-only (allocates); used by tools/mkmacho and by the unit tests.
 */
#ifndef TOOLS_ELF2MACHO_H
#define TOOLS_ELF2MACHO_H

#include <macho.h>

#include <stddef.h>
#include <stdint.h>

/*
 * Converts elf[0, len). With seed (and its public key pub) the result is signed; with seed NULL it
 * has no signature command at all (only the tests want that: the kernel refuses such files).
 * On success returns NULL, *out is a malloc'd file of *outlen bytes and *arch its architecture.
 * Otherwise returns a message saying why the ELF cannot be represented; the message may point
 * into a static buffer valid until the next call.
 */
const char *elf2macho(const uint8_t *elf, size_t len, const uint8_t *seed, const uint8_t *pub,
		      uint8_t **out, size_t *outlen, enum macho_arch *arch);

/* The highest user address limit macho_parse() can be given for an architecture: what the
 * address width allows. The kernel passes its own, lower, limit. */
uint64_t elf2macho_max_limit(enum macho_arch arch);

#endif

/*
 * mkmacho: converts a static ELF executable into a signed Ferrite Mach-O (docs/binaries.md).
 *
 *   mkmacho -k KEY [-a ARCH] -o OUT IN.elf
 *
 * KEY is a private key file from tools/keygen. With -a (i386, x86_64, aarch64, riscv32, riscv64)
 * an ELF for another architecture is refused. OUT is replaced atomically.
 */
#include "elf2macho.h"
#include "fileio.h"
#include "keyfile.h"

#include <crypto/ct.h>
#include <crypto/ed25519.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char fileio_prog[] = "mkmacho";

int main(int argc, char **argv)
{
	const char *key = NULL, *out = NULL, *in = NULL, *want = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-k") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "-a") == 0 && i + 1 < argc)
			want = argv[++i];
		else if (argv[i][0] != '-' && !in)
			in = argv[i];
		else
			in = NULL, i = argc;
	}
	if (!key || !out || !in) {
		fprintf(stderr, "usage: mkmacho -k KEY [-a ARCH] -o OUT IN.elf\n");
		return 2;
	}

	uint8_t seed[32], pub[32];
	const char *err = keyfile_read(key, KEYFILE_SEED, seed);
	if (err)
		fileio_die("signing key", err);
	ed25519_public_key(pub, seed);

	size_t len, outlen;
	uint8_t *elf = fileio_read(in, &len, 0), *m;
	enum macho_arch arch;
	err = elf2macho(elf, len, seed, pub, &m, &outlen, &arch);
	ct_wipe(seed, sizeof seed);
	if (err)
		fileio_die(in, err);
	if (want && strcmp(want, macho_arch_name(arch)) != 0) {
		fprintf(stderr, "mkmacho: %s: the ELF is for %s, not %s\n", in, macho_arch_name(arch),
			want);
		return 1;
	}
	fileio_replace(out, m, outlen, 0755);
	return 0;
}

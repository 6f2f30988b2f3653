/*
 * libFuzzer target for lib/macho: arbitrary bytes through macho_parse for every architecture and,
 * when a parse succeeds, macho_verify. Besides "never crash", an accepted image must keep the
 * promises the loader relies on; a broken promise aborts so the fuzzer reports it.
 */
#include <crypto/ed25519.h>
#include <macho.h>

#include <stdlib.h>
#include <string.h>

static void check_promises(const struct macho_image *img, size_t size, uint64_t limit)
{
	if (img->nsegs == 0 || img->nsegs > MACHO_MAX_SEGMENTS || img->sig_off + MACHO_SIG_SIZE != size)
		abort();
	bool entry_ok = false;
	for (uint32_t i = 0; i < img->nsegs; i++) {
		const struct macho_segment *s = &img->segs[i];
		if (s->vmaddr % MACHO_PAGE_SIZE || s->vmsize % MACHO_PAGE_SIZE || s->filesize > s->vmsize)
			abort();
		if (s->vmaddr < MACHO_MIN_VMADDR || s->vmaddr + s->vmsize > limit || s->vmaddr + s->vmsize < s->vmaddr)
			abort();
		if (s->filesize && s->fileoff + s->filesize > img->sig_off)
			abort();
		if ((s->prot & MACHO_VM_PROT_WRITE) && (s->prot & MACHO_VM_PROT_EXECUTE))
			abort();
		if (i > 0 && img->segs[i - 1].vmaddr + img->segs[i - 1].vmsize > s->vmaddr)
			abort();
		if ((s->prot & MACHO_VM_PROT_EXECUTE) && img->entry >= s->vmaddr &&
		    img->entry - s->vmaddr < s->filesize)
			entry_ok = true;
	}
	if (!entry_ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t pub[32];
	static bool have_pub;
	if (!have_pub) {
		uint8_t seed[32] = { 1 };
		ed25519_public_key(pub, seed);
		have_pub = true;
	}
	/* An exact-size copy, so any read past the end is caught. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	for (int a = 0; a < MACHO_ARCH_COUNT; a++) {
		bool is64;
		macho_arch_info((enum macho_arch)a, NULL, NULL, &is64);
		uint64_t limit = is64 ? 0x0000800000000000ull : 0xc0000000ull;
		struct macho_image img;
		if (macho_parse(copy, size, (enum macho_arch)a, limit, &img))
			continue;
		check_promises(&img, size, limit);
		(void)macho_verify(&img, copy, size, pub);
	}
	free(copy);
	return 0;
}
